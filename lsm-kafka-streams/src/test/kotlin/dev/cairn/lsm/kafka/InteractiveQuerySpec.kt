// Specification of IQv2 against a Cairn store under Kafka Streams' own wrappers (metered, logging,
// caching): key and range queries answer with the store's position, a bound the store has not
// reached is refused as NOT_UP_TO_BOUND, an unknown query as UNKNOWN_QUERY_TYPE, and the position
// survives a restart with the committed offsets.
package dev.cairn.lsm.kafka

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.streams.processor.StateStore
import org.apache.kafka.streams.query.FailureReason
import org.apache.kafka.streams.query.KeyQuery
import org.apache.kafka.streams.query.Position
import org.apache.kafka.streams.query.PositionBound
import org.apache.kafka.streams.query.QueryConfig
import org.apache.kafka.streams.query.RangeQuery
import org.apache.kafka.streams.query.WindowKeyQuery
import org.apache.kafka.streams.state.KeyValueIterator
import java.time.Instant

class InteractiveQuerySpec : FunSpec({
    fun StateStore.ask(query: org.apache.kafka.streams.query.Query<*>, bound: PositionBound = PositionBound.unbounded()) =
        query(query, bound, QueryConfig(true))

    test("key and range queries answer through the wrappers with the store's position") {
        drive(regionStats(StoreKind.CAIRN), extra = mapOf(CairnConfig.COMMIT_SYNC_CONFIG to false)) { driver ->
            val visits = driver.createInputTopic(VISITS, Serdes.String().serializer(), Serdes.String().serializer())
            visits.pipeInput("r1|ada", "/home")
            visits.pipeInput("r1|bob", "/docs")
            visits.pipeInput("r2|cy", "/faq")
            val store = driver.allStateStores.getValue("last-page")

            val one = store.ask(KeyQuery.withKey<String, String>("r1|bob"))
            one.isSuccess shouldBe true
            one.result shouldBe "/docs"
            one.position.getPartitionPositions(VISITS) shouldBe mapOf(0 to 2L)
            one.executionInfo.shouldNotBeEmpty()

            store.ask(KeyQuery.withKey<String, String>("r9|nobody")).result shouldBe null

            @Suppress("UNCHECKED_CAST")
            val range = store.ask(RangeQuery.withRange<String, String>("r1|", "r1|zzz")).result as KeyValueIterator<String, String>
            range.use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe listOf("r1|ada", "r1|bob")

            @Suppress("UNCHECKED_CAST")
            val down = store.ask(RangeQuery.withNoBounds<String, String>().withDescendingKeys()).result as KeyValueIterator<String, String>
            down.use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe listOf("r2|cy", "r1|bob", "r1|ada")
        }
    }

    test("a position bound ahead of the store is refused, one it has reached is served") {
        drive(regionStats(StoreKind.CAIRN), extra = mapOf(CairnConfig.COMMIT_SYNC_CONFIG to false)) { driver ->
            val visits = driver.createInputTopic(VISITS, Serdes.String().serializer(), Serdes.String().serializer())
            repeat(5) { visits.pipeInput("r1|u$it", "/p") }
            val store = driver.allStateStores.getValue("last-page")
            val reached = PositionBound.at(Position.emptyPosition().withComponent(VISITS, 0, 4L))
            store.ask(KeyQuery.withKey<String, String>("r1|u4"), reached).result shouldBe "/p"
            val ahead = store.ask(KeyQuery.withKey<String, String>("r1|u4"), PositionBound.at(Position.emptyPosition().withComponent(VISITS, 0, 5L)))
            ahead.isFailure shouldBe true
            ahead.failureReason shouldBe FailureReason.NOT_UP_TO_BOUND
            val otherPartition = PositionBound.at(Position.emptyPosition().withComponent(VISITS, 3, 100L))
            store.ask(KeyQuery.withKey<String, String>("r1|u4"), otherPartition).isSuccess shouldBe true
        }
    }

    test("a query the store does not know is refused as UNKNOWN_QUERY_TYPE") {
        val raw = openRaw(StoreKind.CAIRN)
        try {
            val result = raw.store.ask(WindowKeyQuery.withKeyAndWindowStartRange<org.apache.kafka.common.utils.Bytes, ByteArray>(bytes("k"), Instant.EPOCH, Instant.now()))
            result.failureReason shouldBe FailureReason.UNKNOWN_QUERY_TYPE
        } finally {
            raw.store.close()
            raw.stateDir.deleteRecursively()
        }
    }

    test("the position is committed with the offsets and read back when the store reopens") {
        val first = openRaw(StoreKind.CAIRN)
        try {
            first.context.setRecordMetadata("input", 2, 17L)
            first.store.put(bytes("k"), "v".toByteArray())
            first.store.position shouldBe Position.emptyPosition().withComponent("input", 2, 17L)
            first.store.commit(mapOf(org.apache.kafka.common.TopicPartition("changelog", 2) to 9L))
            first.store.close()
            val second = openRaw(StoreKind.CAIRN, stateDir = first.stateDir)
            second.store.position shouldBe Position.emptyPosition().withComponent("input", 2, 17L)
            second.store.close()
        } finally {
            first.stateDir.deleteRecursively()
        }
    }
})
