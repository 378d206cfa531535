// Talks to the embedded server with ClickHouse's official JavaScript client; prints one JSON line.
import { createClient } from '@clickhouse/client'

const [url, database] = process.argv.slice(2)
const client = createClient({ url, database, compression: { request: true, response: true } })
const out = {}
out.ping = (await client.ping()).success
await client.command({ query: 'CREATE TABLE js_check (id UInt64, s String, m Map(String, UInt8), a Array(Nullable(Int32))) ENGINE = MergeTree ORDER BY id' })
await client.insert({
  table: 'js_check',
  values: [{ id: 1, s: "quote ' backslash \\ blank\n\nline", m: { x: 1 }, a: [1, null] }, { id: 2, s: 'é ✓', m: {}, a: [] }],
  format: 'JSONEachRow',
})
out.rows = await (await client.query({ query: 'SELECT * FROM js_check ORDER BY id', format: 'JSONEachRow' })).json()
out.param = (await (await client.query({ query: 'SELECT {x: UInt32} + 1 AS v', format: 'JSON', query_params: { x: 41 } })).json()).data[0].v
try {
  await client.query({ query: 'SELECT * FROM no_such_table' })
} catch (e) {
  out.error = { code: e.code, type: e.type }
}
let streamed = 0
for await (const rows of (await client.query({ query: 'SELECT number FROM numbers(300000)', format: 'JSONCompactEachRow' })).stream()) {
  streamed += rows.length
}
out.streamed = streamed
await client.command({ query: 'DROP TABLE js_check' })
await client.close()
console.log(JSON.stringify(out))
