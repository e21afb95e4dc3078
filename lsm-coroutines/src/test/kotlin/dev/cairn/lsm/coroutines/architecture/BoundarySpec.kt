// The Kotlin face is built on the engine's public API only: its main classes use the exported
// package dev.cairn.lsm of lsm-core and nothing under dev.cairn.lsm.internal (which the module
// system seals anyway on the module path; on the class path this rule keeps the seal).
package dev.cairn.lsm.coroutines.architecture

import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses
import io.kotest.core.spec.style.FunSpec

class BoundarySpec : FunSpec({
    test("lsm-coroutines uses lsm-core's public API only") {
        val classes = ClassFileImporter().withImportOption(ImportOption.DoNotIncludeTests())
            .importPackages("dev.cairn.lsm.coroutines")
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.cairn.lsm.internal..").check(classes)
    }
})
