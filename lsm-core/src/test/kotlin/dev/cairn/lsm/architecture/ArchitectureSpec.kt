// The architecture of lsm-core as rules the build checks (ArchUnit over the main classes): the
// public API is one package that names nothing internal, the internal packages form no cycle, and
// inside the engine the arrows go one way (store -> write side / background work -> versions),
// with no part holding a reference back to the store. docs/architecture.md draws the same map.
// A future lsm-tools module will read dev.cairn.lsm.internal.inspect through a qualified export;
// these rules already allow that package, as any internal one, to exist.
package dev.cairn.lsm.architecture

import com.tngtech.archunit.base.DescribedPredicate
import com.tngtech.archunit.core.domain.JavaClass
import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.conditions.ArchConditions.be
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices
import io.kotest.core.spec.style.FunSpec

private const val API = "dev.cairn.lsm"
private const val ENGINE = "dev.cairn.lsm.internal.engine"

/** The engine classes (nested ones included) whose top-level class is one of [names]. */
private fun engineClasses(description: String, vararg names: String): DescribedPredicate<JavaClass> =
    DescribedPredicate.describe(description) { c ->
        c.packageName == ENGINE && c.name.removePrefix("$ENGINE.").substringBefore('$') in names
    }

/**
 * The store: the LsmStore implementations (for writing, read-only) and what only they use (reads,
 * recovery, snapshots, copies: checkpoints and backups).
 */
private val STORE = engineClasses(
    "the store (StoreEngine and its read path, recovery and lifecycle; the read-only store; copies)",
    "StoreEngine", "CursorAssembly", "VersionedReads", "HistoryWalk", "StoreCursor", "ReadAhead", "PointLookup", "Recovery", "ThreadPoolScheduler",
    "BatchEncoding", "ReadOnlyStore", "ReadOnlyLoad", "StoreCopy", "StoreBackups", "BackupDirectory", "BackupMetadata",
    "EngineTransactions", "ConflictCheck", "NewerWrites", "CursorOperands", "FamilyMethods", "WriteAdmission",
    "ReadOnlyFamilies", "ReadOnlyRefusals", "KeyspaceAdvice",
)

/**
 * The column families: each family's parts (Keyspace: its memtables, versions, picker, hooks, job
 * contexts and readers), the set of live families and what changes it. Used by every part.
 */
private val FAMILIES = engineClasses(
    "the column families", "Keyspace", "ColumnFamilySet", "FamilyEdits", "FamilyOptionsText", "StrategyMigration",
)

/** The write side: group commit, the active log, the memtables. */
private val WRITE_SIDE = engineClasses(
    "the write side", "WriteSide", "CommitPipeline", "MemTables", "MemTableInserter", "LogFiles", "GroupWrites",
)

/** Background work: flush and compaction scheduling and running, the background error. */
private val BACKGROUND = engineClasses(
    "background work", "BackgroundWork", "BackgroundJobs", "CompactionRun", "TrackedJob", "JobContexts",
)

/**
 * What every part may use: the lock, counters, clock, listener calls, the read view, the live
 * snapshots, and the write side's view of background work.
 */
private val SHARED = engineClasses(
    "the engine's shared leaves", "StoreLock", "StoreCounters", "StoreClock", "Events", "Failures", "SuperVersion",
    "SnapshotList", "BackgroundRequests", "EngineLog", "KeyRanges", "LiveLogs", "WorkloadMeter",
)

private val mainClasses: JavaClasses by lazy {
    ClassFileImporter().withImportOption(ImportOption.DoNotIncludeTests()).importPackages(API)
}

class ArchitectureSpec : FunSpec({
    test("every class of lsm-core is in the public package dev.cairn.lsm or in an internal one") {
        classes().should().resideInAnyPackage(API, "$API.internal..").check(mainClasses)
    }

    test("the public API names no internal class: it reaches the engine only through its reflective entry points") {
        noClasses().that().resideInAPackage(API)
            .should().dependOnClassesThat().resideInAPackage("$API.internal..")
            .check(mainClasses)
    }

    test("the internal packages form no cycle") {
        slices().matching("$API.internal.(*)..").should().beFreeOfCycles().check(mainClasses)
    }

    test("the compaction advisor's model (internal.advice) works from the public API's types alone") {
        classes().that().resideInAPackage("$API.internal.advice..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(API, "$API.internal.advice..", "java..")
            .check(mainClasses)
    }

    test("the engine is the top of the house: no other internal package depends on it") {
        noClasses().that().resideOutsideOfPackage(ENGINE)
            .should().dependOnClassesThat().resideInAPackage(ENGINE)
            .check(mainClasses)
    }

    test("every engine class belongs to one part of the store") {
        classes().that().resideInAPackage(ENGINE)
            .should(be(STORE.or(WRITE_SIDE).or(BACKGROUND).or(SHARED).or(FAMILIES)))
            .check(mainClasses)
    }

    test("no part holds a reference back to the store") {
        noClasses().that(WRITE_SIDE.or(BACKGROUND).or(SHARED))
            .should().dependOnClassesThat(STORE)
            .check(mainClasses)
    }

    test("the column families never reach the store itself, the write side's log or background scheduling") {
        noClasses().that(FAMILIES)
            .should().dependOnClassesThat(engineClasses("the store itself, the log, scheduling", "StoreEngine",
                "FamilyMethods", "Recovery", "WriteSide", "CommitPipeline", "BackgroundWork", "BackgroundJobs"))
            .check(mainClasses)
    }

    test("the write side reaches background work only through the BackgroundRequests it is handed") {
        noClasses().that(WRITE_SIDE).should().dependOnClassesThat(BACKGROUND).check(mainClasses)
    }

    test("background work never calls the write side; it only takes flushed memtables from MemTables") {
        noClasses().that(BACKGROUND)
            .should().dependOnClassesThat(engineClasses("the write side but its memtables", "WriteSide", "CommitPipeline",
                "MemTableInserter", "LogFiles"))
            .check(mainClasses)
    }

    test("the shared leaves depend on no part") {
        noClasses().that(SHARED).should().dependOnClassesThat(WRITE_SIDE.or(BACKGROUND)).check(mainClasses)
    }

    test("the value log (internal.vlog) sits below versions and compactions: it uses only keys, iterators, edits, crypto, io and util") {
        classes().that().resideInAPackage("$API.internal.vlog")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                API, "$API.internal.vlog", "$API.internal.key", "$API.internal.iterator", "$API.internal.manifest",
                "$API.internal.crypto", "$API.internal.io", "$API.internal.util", "java..", "okio..", "kotlin..",
            ).check(mainClasses)
    }
})
