package dev.chorm.migrations;

import dev.chorm.hibernate.schema.ColumnDefinition;
import dev.chorm.hibernate.schema.Engine;
import dev.chorm.hibernate.schema.IndexDefinition;
import dev.chorm.hibernate.schema.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which operations the autodetector chooses, in which order. */
class AutodetectorTest {

    private static TableDefinition.Builder events() {
        return TableDefinition.builder("events").column("id", "UInt64").column("name", "String").column("amount", "UInt32")
                .engine(new Engine.MergeTree()).orderBy("id");
    }

    private static List<String> diff(TableDefinition before, TableDefinition after, RenameResolver renames) {
        return new Autodetector(renames).diff(SchemaState.of(List.of(before)), SchemaState.of(List.of(after)))
                .stream().map(Operation::describe).toList();
    }

    @Test
    void theSameModelGivesNoOperation() {
        assertThat(diff(events().build(), events().build(), RenameResolver.refuse())).isEmpty();
        // column order alone is not a change
        TableDefinition reordered = events().columns(List.of(ColumnDefinition.of("amount", "UInt32"), ColumnDefinition.of("id", "UInt64"),
                ColumnDefinition.of("name", "String"))).build();
        assertThat(diff(events().build(), reordered, RenameResolver.refuse())).isEmpty();
    }

    @Test
    void aPrimaryKeyWrittenOutAsTheOrderByIsNoChange() {
        assertThat(diff(events().build(), events().primaryKey("id").build(), RenameResolver.refuse())).isEmpty();
        assertThat(diff(events().primaryKey("id").build(), events().build(), RenameResolver.refuse())).isEmpty();
    }

    @Test
    void tablesAreCreatedAndDroppedInNameOrder() {
        SchemaState from = SchemaState.of(List.of(events().name("b").build(), events().name("d").build()));
        SchemaState to = SchemaState.of(List.of(events().name("a").build(), events().name("c").build()));
        assertThat(new Autodetector(RenameResolver.refuse()).diff(from, to)).extracting(Operation::describe)
                .containsExactly("Create table a", "Drop table b (its rows are deleted)", "Create table c", "Drop table d (its rows are deleted)");
    }

    @Test
    void aPossibleRenameIsNeverGuessed() {
        TableDefinition renamed = events().columns(List.of(ColumnDefinition.of("id", "UInt64"), ColumnDefinition.of("title", "String"),
                ColumnDefinition.of("amount", "UInt32"))).build();

        assertThatThrownBy(() -> diff(events().build(), renamed, RenameResolver.refuse()))
                .isInstanceOf(RenameResolver.AmbiguousRenameException.class)
                .hasMessageContaining("column name vanished and column title of the same type String appeared");
        assertThat(diff(events().build(), renamed, RenameResolver.given(Map.of("events.name", "title"), false)))
                .containsExactly("Rename column events.name to title");
        assertThat(diff(events().build(), renamed, RenameResolver.given(Map.of(), true)))
                .containsExactly("Drop column events.name (its values are deleted)", "Add column events.title String");
    }

    @Test
    void aColumnOfAnotherTypeIsNoRenameCandidate() {
        TableDefinition other = events().columns(List.of(ColumnDefinition.of("id", "UInt64"), ColumnDefinition.of("title", "Int32"),
                ColumnDefinition.of("amount", "UInt32"))).build();
        assertThat(diff(events().build(), other, RenameResolver.refuse()))
                .containsExactly("Drop column events.name (its values are deleted)", "Add column events.title Int32");
    }

    @Test
    void anIndexOverADroppedColumnGoesFirst() {
        TableDefinition before = events().index(new IndexDefinition("name_idx", "name", IndexDefinition.IndexType.minmax())).build();
        TableDefinition after = events().columns(List.of(ColumnDefinition.of("id", "UInt64"), ColumnDefinition.of("amount", "UInt32"))).build();
        assertThat(diff(before, after, RenameResolver.refuse()))
                .containsExactly("Drop index events.name_idx", "Drop column events.name (its values are deleted)");
    }

    @Test
    void anIndexOverARetypedColumnIsRebuilt() {
        TableDefinition before = events().index(new IndexDefinition("amount_idx", "amount", IndexDefinition.IndexType.minmax())).build();
        TableDefinition after = events().columns(List.of(ColumnDefinition.of("id", "UInt64"), ColumnDefinition.of("name", "String"),
                ColumnDefinition.of("amount", "UInt64"))).index(new IndexDefinition("amount_idx", "amount", IndexDefinition.IndexType.minmax())).build();
        assertThat(diff(before, after, RenameResolver.refuse())).containsExactly("Drop index events.amount_idx",
                "Change column events.amount: type UInt32 -> UInt64", "Add index events.amount_idx", "Build index events.amount_idx for existing rows");
    }

    @Test
    void theOrderByIsExtendedInPlaceOnlyWithNewColumnsAndAnUnchangedPrimaryKey() {
        TableDefinition extended = events().column("kind", "UInt8").orderBy("id", "kind").primaryKey("id").build();
        assertThat(diff(events().build(), extended, RenameResolver.refuse())).containsExactly("Extend the ORDER BY of events to (id, kind)");

        // without an explicit primary key the key would change with the ORDER BY: a rebuild
        TableDefinition implicitKey = events().column("kind", "UInt8").orderBy("id", "kind").build();
        assertThat(diff(events().build(), implicitKey, RenameResolver.refuse())).singleElement().asString().startsWith("Rebuild table events");

        // an existing column cannot join the sorting key in place
        TableDefinition existing = events().orderBy("id", "amount").primaryKey("id").build();
        assertThat(diff(events().build(), existing, RenameResolver.refuse())).singleElement().asString().startsWith("Rebuild table events");
    }

    @Test
    void engineKeysAndKeyColumnsNeedARebuild() {
        assertThat(diff(events().build(), events().engine(new Engine.ReplacingMergeTree()).build(), RenameResolver.refuse()))
                .containsExactly("Rebuild table events (engine MergeTree -> ReplacingMergeTree), keeping every row");
        assertThat(diff(events().build(), events().partitionBy("amount % 10").build(), RenameResolver.refuse()))
                .containsExactly("Rebuild table events (PARTITION BY (none) -> amount % 10), keeping every row");
        TableDefinition retypedKey = events().columns(List.of(ColumnDefinition.of("id", "Int64"), ColumnDefinition.of("name", "String"),
                ColumnDefinition.of("amount", "UInt32"))).build();
        assertThat(diff(events().build(), retypedKey, RenameResolver.refuse()))
                .containsExactly("Rebuild table events (columns of the key), keeping every row");
        assertThat(diff(events().build(), events().setting("index_granularity", 1024).build(), RenameResolver.refuse()))
                .singleElement().asString().startsWith("Rebuild table events");
    }

    @Test
    void theSameChangeAlwaysGivesTheSameMigrationFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SchemaState model = StateCodecTest.richState();
        java.nio.file.Path first = Migrations.in(dir.resolve("a")).make(model, RenameResolver.refuse(), null).orElseThrow();
        java.nio.file.Path second = Migrations.in(dir.resolve("b")).make(model, RenameResolver.refuse(), null).orElseThrow();
        assertThat(java.nio.file.Files.readString(second)).isEqualTo(java.nio.file.Files.readString(first));
        assertThat(java.nio.file.Files.readString(dir.resolve("b/V0001__initial.json")))
                .isEqualTo(java.nio.file.Files.readString(dir.resolve("a/V0001__initial.json")));
        assertThat(Migrations.in(dir.resolve("a")).make(model, RenameResolver.refuse(), "again")).isEmpty();
    }
}
