package dev.chorm.hibernate;

import dev.chorm.test.ClickHouseTest;
import dev.chorm.test.TestDatabase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityGraph;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.NamedAttributeNode;
import jakarta.persistence.NamedEntityGraph;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import org.hibernate.Hibernate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Every JPA relationship kind loads lazily and eagerly and persists on ClickHouse: collection rows
 * are written with the owner and removed with lightweight DELETEs, visible as soon as the
 * transaction's statements return.
 */
@ClickHouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipsTest {

    @Embeddable
    static class Address {
        String street;
        String city;

        Address() {
        }

        Address(String street, String city) {
            this.street = street;
            this.city = city;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address a && java.util.Objects.equals(street, a.street) && java.util.Objects.equals(city, a.city);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(street, city);
        }

        @Override
        public String toString() {
            return street + ", " + city;
        }
    }

    /** A bidirectional one-to-many (mappedBy), an embedded value and element collections. */
    @Entity(name = "Writer")
    @NamedEntityGraph(name = "Writer.books", attributeNodes = @NamedAttributeNode("books"))
    static class Writer {
        @Id Long id;
        String name;
        @Embedded Address home;
        @OneToMany(mappedBy = "writer", cascade = CascadeType.ALL, orphanRemoval = true)
        @OrderBy("title")
        List<Novel> books = new ArrayList<>();
        @ElementCollection
        @CollectionTable(name = "Writer_tags")
        Set<String> tags = new LinkedHashSet<>();
        @ElementCollection
        @CollectionTable(name = "Writer_addresses")
        @OrderColumn(name = "position")
        List<Address> addresses = new ArrayList<>();
        @ElementCollection
        @CollectionTable(name = "Writer_ratings")
        @MapKeyColumn(name = "site")
        Map<String, Integer> ratings = new HashMap<>();

        String getName() { // a lazy proxy loads on a method call, not on a field read
            return name;
        }
    }

    @Entity(name = "Novel")
    static class Novel {
        @Id Long id;
        String title;
        @ManyToOne(fetch = FetchType.LAZY) Writer writer;
    }

    /** A unidirectional one-to-many through a join table, and one through a foreign key column. */
    @Entity(name = "Team")
    static class Team {
        @Id Long id;
        String name;
        @OneToMany
        @JoinTable(name = "Team_members")
        Set<Member> members = new LinkedHashSet<>();
        @OneToMany
        @JoinColumn(name = "mentorTeam_id")
        Set<Member> mentors = new LinkedHashSet<>();
        @ElementCollection(fetch = FetchType.EAGER)
        @CollectionTable(name = "Team_mottos")
        Set<String> mottos = new LinkedHashSet<>();
    }

    @Entity(name = "Member")
    static class Member {
        @Id Long id;
        String name;
    }

    /** Many-to-many, owned by Student, inverse on Course. */
    @Entity(name = "Student")
    static class Student {
        @Id Long id;
        String name;
        @ManyToMany
        @JoinTable(name = "Enrolment")
        Set<Course> courses = new LinkedHashSet<>();
    }

    @Entity(name = "Course")
    static class Course {
        @Id Long id;
        String title;
        @ManyToMany(mappedBy = "courses")
        Set<Student> students = new LinkedHashSet<>();
    }

    private EntityManagerFactory factory;
    private TestDatabase db;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        factory = Jpa.factory(db, "drop-and-create", Writer.class, Novel.class, Team.class, Member.class,
                Student.class, Course.class);
        Jpa.inTransaction(factory, em -> {
            Writer ursula = writer(1, "Ursula", "Main St 1", "Portland");
            novel(ursula, 11, "The Dispossessed");
            novel(ursula, 12, "A Wizard of Earthsea");
            ursula.tags.add("sf");
            ursula.tags.add("fantasy");
            ursula.addresses.add(new Address("Elm 2", "Berkeley"));
            ursula.addresses.add(new Address("Oak 3", "Portland"));
            ursula.ratings.put("goodreads", 5);
            ursula.ratings.put("amazon", 4);
            em.persist(ursula);
            em.persist(writer(2, "Nobody", null, null)); // no books, no tags, no embedded address

            Member ann = member(21, "Ann");
            Member bob = member(22, "Bob");
            Member cid = member(23, "Cid");
            em.persist(ann);
            em.persist(bob);
            em.persist(cid);
            Team red = new Team();
            red.id = 31L;
            red.name = "red";
            red.members.add(ann);
            red.members.add(bob);
            red.mentors.add(cid);
            red.mottos.add("go");
            em.persist(red);

            Course math = course(41, "Math");
            Course art = course(42, "Art");
            Course music = course(43, "Music"); // nobody takes it
            em.persist(math);
            em.persist(art);
            em.persist(music);
            em.persist(student(51, "Sam", math, art));
            em.persist(student(52, "Tia", math));
        });
    }

    @AfterAll
    void stop() {
        factory.close();
    }

    // ---------------------------------------------------------------- loading

    @Test
    void aMappedByOneToManyLoadsLazilyInItsOrder() {
        try (EntityManager em = factory.createEntityManager()) {
            Writer writer = em.find(Writer.class, 1L);
            assertThat(Hibernate.isInitialized(writer.books)).isFalse();
            assertThat(writer.books).extracting(b -> b.title).containsExactly("A Wizard of Earthsea", "The Dispossessed");
            assertThat(writer.books.get(0).writer).isSameAs(writer);
            assertThat(em.find(Writer.class, 2L).books).isEmpty();
        }
    }

    @Test
    void theInverseManyToOneLoadsLazily() {
        try (EntityManager em = factory.createEntityManager()) {
            Novel novel = em.find(Novel.class, 11L);
            assertThat(Hibernate.isInitialized(novel.writer)).isFalse();
            assertThat(novel.writer.getName()).isEqualTo("Ursula");
            assertThat(Hibernate.isInitialized(novel.writer)).isTrue();
        }
    }

    @Test
    void joinFetchLoadsTheCollectionInOneQuery() {
        try (EntityManager em = factory.createEntityManager()) {
            List<Writer> writers = em.createQuery("select distinct w from Writer w left join fetch w.books order by w.id",
                    Writer.class).getResultList();
            assertThat(writers).extracting(w -> w.name).containsExactly("Ursula", "Nobody");
            assertThat(Hibernate.isInitialized(writers.get(0).books)).isTrue();
            assertThat(writers.get(0).books).extracting(b -> b.id).containsExactlyInAnyOrder(11L, 12L);
            assertThat(Hibernate.isInitialized(writers.get(1).books)).isTrue();
            assertThat(writers.get(1).books).isEmpty();
        }
    }

    @Test
    void entityGraphsFetchEagerly() {
        try (EntityManager em = factory.createEntityManager()) {
            EntityGraph<?> named = em.getEntityGraph("Writer.books");
            Writer writer = em.find(Writer.class, 1L, Map.of("jakarta.persistence.fetchgraph", named));
            assertThat(Hibernate.isInitialized(writer.books)).isTrue();
            assertThat(writer.books).hasSize(2);
        }
        try (EntityManager em = factory.createEntityManager()) {
            EntityGraph<Writer> graph = em.createEntityGraph(Writer.class);
            graph.addAttributeNodes("tags", "ratings");
            List<Writer> writers = em.createQuery("select w from Writer w order by w.id", Writer.class)
                    .setHint("jakarta.persistence.loadgraph", graph).getResultList();
            assertThat(Hibernate.isInitialized(writers.get(0).tags)).isTrue();
            assertThat(Hibernate.isInitialized(writers.get(0).ratings)).isTrue();
            assertThat(writers.get(0).tags).containsExactlyInAnyOrder("sf", "fantasy");
            assertThat(writers.get(1).tags).isEmpty();
        }
        try (EntityManager em = factory.createEntityManager()) {
            EntityGraph<Novel> graph = em.createEntityGraph(Novel.class);
            graph.addAttributeNodes("writer");
            Novel novel = em.find(Novel.class, 12L, Map.of("jakarta.persistence.fetchgraph", graph));
            assertThat(Hibernate.isInitialized(novel.writer)).isTrue();
            assertThat(novel.writer.name).isEqualTo("Ursula");
        }
    }

    @Test
    void anEmbeddedValueIsReadWrittenAndQueried() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Writer.class, 1L).home).isEqualTo(new Address("Main St 1", "Portland"));
            assertThat(em.find(Writer.class, 2L).home).isNull(); // all columns null: no embedded value
            assertThat(em.createQuery("select w.id from Writer w where w.home.city = 'Portland'", Long.class)
                    .getResultList()).containsExactly(1L);
            assertThat(em.createQuery("select w.home from Writer w where w.id = 1", Address.class).getSingleResult())
                    .isEqualTo(new Address("Main St 1", "Portland"));
        }
    }

    @Test
    void elementCollectionsOfBasicsEmbeddablesAndMapsLoad() {
        try (EntityManager em = factory.createEntityManager()) {
            Writer writer = em.find(Writer.class, 1L);
            assertThat(writer.tags).containsExactlyInAnyOrder("sf", "fantasy");
            assertThat(writer.addresses).containsExactly(new Address("Elm 2", "Berkeley"), new Address("Oak 3", "Portland"));
            assertThat(writer.ratings).containsOnly(entry("goodreads", 5), entry("amazon", 4));
        }
    }

    @Test
    void aJoinTableOneToManyAndAForeignKeyOneToManyLoad() {
        try (EntityManager em = factory.createEntityManager()) {
            Team team = em.find(Team.class, 31L);
            assertThat(team.members).extracting(m -> m.name).containsExactlyInAnyOrder("Ann", "Bob");
            assertThat(team.mentors).extracting(m -> m.name).containsExactly("Cid");
            Team fetched = em.createQuery("select t from Team t join fetch t.members where t.id = 31", Team.class)
                    .getSingleResult();
            assertThat(fetched.members).hasSize(2);
        }
    }

    @Test
    void anEagerCollectionLoadsWithItsOwner() {
        try (EntityManager em = factory.createEntityManager()) {
            Team team = em.find(Team.class, 31L);
            assertThat(Hibernate.isInitialized(team.mottos)).isTrue();
            assertThat(Hibernate.isInitialized(team.members)).isFalse();
            assertThat(team.mottos).containsExactly("go");
            List<Team> teams = em.createQuery("select t from Team t where t.id = 31", Team.class).getResultList();
            assertThat(teams.get(0).mottos).containsExactly("go");
        }
    }

    @Test
    void manyToManyLoadsFromBothSides() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Student.class, 51L).courses).extracting(c -> c.title).containsExactlyInAnyOrder("Math", "Art");
            assertThat(em.find(Course.class, 41L).students).extracting(s -> s.name).containsExactlyInAnyOrder("Sam", "Tia");
            assertThat(em.find(Course.class, 43L).students).isEmpty();
            List<Course> fetched = em.createQuery("select distinct c from Course c left join fetch c.students order by c.id",
                    Course.class).getResultList();
            assertThat(fetched).extracting(c -> c.students.size()).containsExactly(2, 1, 0);
        }
    }

    // ---------------------------------------------------------------- queries over relationships

    @Test
    void collectionFunctionsAndJoinsInHql() {
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.createQuery("select c.title, size(c.students) from Course c order by c.id", Object[].class)
                    .getResultList()).containsExactly(new Object[]{"Math", 2}, new Object[]{"Art", 1}, new Object[]{"Music", 0});
            assertThat(em.createQuery("select c.id from Course c where c.students is empty", Long.class).getResultList())
                    .containsExactly(43L);
            assertThat(em.createQuery("select c.id from Course c where size(c.students) = 0", Long.class).getResultList())
                    .containsExactly(43L);
            assertThat(em.createQuery("select w.id from Writer w where 'sf' member of w.tags", Long.class).getResultList())
                    .containsExactly(1L);
            assertThat(em.createQuery("select s.name from Student s join s.courses c where c.title = 'Art'", String.class)
                    .getResultList()).containsExactly("Sam");
            assertThat(em.createQuery("select key(r), value(r) from Writer w join w.ratings r where w.id = 1 order by key(r)",
                    Object[].class).getResultList()).containsExactly(new Object[]{"amazon", 4}, new Object[]{"goodreads", 5});
            assertThat(em.createQuery("select index(a), a.city from Writer w join w.addresses a order by index(a)",
                    Object[].class).getResultList()).containsExactly(new Object[]{0, "Berkeley"}, new Object[]{1, "Portland"});
            assertThat(em.createQuery("select w.name, count(b) from Writer w left join w.books b group by w.name order by w.name",
                    Object[].class).getResultList()).containsExactly(new Object[]{"Nobody", 0L}, new Object[]{"Ursula", 2L});
        }
    }

    // ---------------------------------------------------------------- persistence and removal

    @Test
    void addingAndRemovingChildrenOfAMappedByCollection() {
        Jpa.inTransaction(factory, em -> {
            Writer writer = writer(101, "Iain", null, null);
            novel(writer, 111, "Consider Phlebas");
            novel(writer, 112, "Excession");
            em.persist(writer);
        });
        Jpa.inTransaction(factory, em -> {
            Writer writer = em.find(Writer.class, 101L);
            writer.books.removeIf(b -> b.id == 111L); // orphan removal: a DELETE
            novel(writer, 113, "Use of Weapons");
        });
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Writer.class, 101L).books).extracting(b -> b.title).containsExactly("Excession", "Use of Weapons");
            assertThat(em.find(Novel.class, 111L)).isNull();
        }
        Jpa.inTransaction(factory, em -> em.remove(em.find(Writer.class, 101L))); // cascades to the books
        assertThat(db.queryLong("SELECT count() FROM Novel WHERE id IN (112, 113)")).isZero();
        assertThat(db.queryLong("SELECT count() FROM Writer WHERE id = 101")).isZero();
    }

    @Test
    void elementCollectionChangesAreWrittenAndDeletedRowsAreGoneAtOnce() {
        Jpa.inTransaction(factory, em -> {
            Writer writer = writer(201, "Octavia", "Pine 4", "Pasadena");
            writer.tags.addAll(List.of("sf", "afrofuturism", "horror"));
            writer.addresses.add(new Address("Ash 5", "Seattle"));
            writer.addresses.add(new Address("Birch 6", "Lake Forest Park"));
            writer.ratings.put("goodreads", 4);
            em.persist(writer);
        });
        Jpa.inTransaction(factory, em -> {
            Writer writer = em.find(Writer.class, 201L);
            writer.tags.remove("horror");
            writer.tags.add("classic");
            writer.addresses.remove(0);
            writer.ratings.put("goodreads", 5);
            writer.ratings.put("amazon", 3);
            writer.home.city = "Altadena";
        });
        try (EntityManager em = factory.createEntityManager()) {
            Writer writer = em.find(Writer.class, 201L);
            assertThat(writer.tags).containsExactlyInAnyOrder("sf", "afrofuturism", "classic");
            assertThat(writer.addresses).containsExactly(new Address("Birch 6", "Lake Forest Park"));
            assertThat(new TreeMap<>(writer.ratings)).containsExactly(entry("amazon", 3), entry("goodreads", 5));
            assertThat(writer.home).isEqualTo(new Address("Pine 4", "Altadena"));
        }
        assertThat(db.queryLong("SELECT count() FROM Writer_tags WHERE Writer_id = 201")).isEqualTo(3);
        assertThat(db.queryLong("SELECT count() FROM Writer_addresses WHERE Writer_id = 201")).isEqualTo(1);

        Jpa.inTransaction(factory, em -> {
            Writer writer = em.find(Writer.class, 201L);
            writer.tags.clear();
            writer.ratings.clear();
        });
        assertThat(db.queryLong("SELECT count() FROM Writer_tags WHERE Writer_id = 201")).isZero();
        assertThat(db.queryLong("SELECT count() FROM Writer_ratings WHERE Writer_id = 201")).isZero();

        Jpa.inTransaction(factory, em -> em.remove(em.find(Writer.class, 201L)));
        assertThat(db.queryLong("SELECT count() FROM Writer_addresses WHERE Writer_id = 201")).isZero();
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Writer.class, 201L)).isNull();
        }
    }

    @Test
    void manyToManyLinksAreAddedAndRemoved() {
        Jpa.inTransaction(factory, em -> {
            Course chess = course(301, "Chess");
            Course go = course(302, "Go");
            em.persist(chess);
            em.persist(go);
            em.persist(student(311, "Uma", chess));
        });
        Jpa.inTransaction(factory, em -> {
            Student uma = em.find(Student.class, 311L);
            uma.courses.removeIf(c -> c.id == 301L);
            uma.courses.add(em.find(Course.class, 302L));
        });
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Student.class, 311L).courses).extracting(c -> c.title).containsExactly("Go");
            assertThat(em.find(Course.class, 301L).students).isEmpty();
        }
        Jpa.inTransaction(factory, em -> em.remove(em.find(Student.class, 311L)));
        assertThat(db.queryLong("SELECT count() FROM Enrolment WHERE students_id = 311")).isZero();
        try (EntityManager em = factory.createEntityManager()) {
            assertThat(em.find(Course.class, 302L).students).isEmpty();
        }
    }

    @Test
    void unidirectionalOneToManyLinksAreAddedAndRemoved() {
        Jpa.inTransaction(factory, em -> {
            Member dee = member(401, "Dee");
            Member eli = member(402, "Eli");
            Member fay = member(403, "Fay");
            em.persist(dee);
            em.persist(eli);
            em.persist(fay);
            Team blue = new Team();
            blue.id = 411L;
            blue.name = "blue";
            blue.members.add(dee);
            blue.mentors.add(eli);
            em.persist(blue);
        });
        Jpa.inTransaction(factory, em -> {
            Team blue = em.find(Team.class, 411L);
            blue.members.clear();
            blue.members.add(em.find(Member.class, 403L));
            blue.mentors.clear(); // the foreign key column is set to null
            blue.mentors.add(em.find(Member.class, 401L));
        });
        try (EntityManager em = factory.createEntityManager()) {
            Team blue = em.find(Team.class, 411L);
            assertThat(blue.members).extracting(m -> m.name).containsExactly("Fay");
            assertThat(blue.mentors).extracting(m -> m.name).containsExactly("Dee");
        }
        assertThat(db.queryLong("SELECT count() FROM Member WHERE mentorTeam_id = 411")).isEqualTo(1);

        Jpa.inTransaction(factory, em -> em.remove(em.find(Team.class, 411L)));
        assertThat(db.queryLong("SELECT count() FROM Team_members WHERE Team_id = 411")).isZero();
        assertThat(db.queryLong("SELECT count() FROM Member WHERE mentorTeam_id = 411")).isZero(); // unlinked
        assertThat(db.queryLong("SELECT count() FROM Member WHERE id IN (401, 402, 403)")).isEqualTo(3); // not deleted
    }

    // ---------------------------------------------------------------- helpers

    private static Writer writer(long id, String name, String street, String city) {
        Writer writer = new Writer();
        writer.id = id;
        writer.name = name;
        writer.home = street == null ? null : new Address(street, city);
        return writer;
    }

    private static void novel(Writer writer, long id, String title) {
        Novel novel = new Novel();
        novel.id = id;
        novel.title = title;
        novel.writer = writer;
        writer.books.add(novel);
    }

    private static Member member(long id, String name) {
        Member member = new Member();
        member.id = id;
        member.name = name;
        return member;
    }

    private static Course course(long id, String title) {
        Course course = new Course();
        course.id = id;
        course.title = title;
        return course;
    }

    private static Student student(long id, String name, Course... courses) {
        Student student = new Student();
        student.id = id;
        student.name = name;
        for (Course course : courses) {
            student.courses.add(course);
            course.students.add(student);
        }
        return student;
    }
}
