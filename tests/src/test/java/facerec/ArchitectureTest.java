package facerec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the product (README, "How it is built"): each package a concern, none
 * reaching back into one that builds on it, and the test tooling out of the product's reach.
 */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void load() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("facerec");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("facerec.(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void theProductDoesNotDependOnTheTestTooling() {
        noClasses().that().resideOutsideOfPackages("facerec.synth..").should().dependOnClassesThat()
                .resideInAnyPackage("facerec.synth..", "facerec.testing..").check(product);
    }

    /** The face pipeline and the store are the library's base: they read pictures, and know nothing of runs. */
    @Test
    void theFacePipelineKnowsNothingOfRunsOutputsOrCommands() {
        noClasses().that().resideInAnyPackage("facerec.face..", "facerec.dlib..", "facerec.store..", "facerec.video..")
                .should().dependOnClassesThat().resideInAnyPackage("facerec.draw..", "facerec.recognize..",
                        "facerec.people..", "facerec.redact..", "facerec.report..", "facerec.cli..", "facerec.encode..",
                        "facerec.export..", "facerec.spark..")
                .check(product);
    }

    /**
     * The run hands frames to sinks, tracks to listeners and its video to a painter; what the
     * people outputs, the exports and the redaction make of them is theirs ({@code PeopleCollector},
     * {@code SubtitleSink}, {@code RedactingPainter}), so a new output never reaches into the run.
     */
    @Test
    void theRunKnowsNothingOfThePeopleOutputsOrTheRedaction() {
        noClasses().that().resideInAnyPackage("facerec.recognize..").should().dependOnClassesThat()
                .resideInAnyPackage("facerec.people..", "facerec.redact..", "facerec.export..").check(product);
        noClasses().that().resideInAnyPackage("facerec.redact..").should().dependOnClassesThat()
                .resideInAnyPackage("facerec.people..", "facerec.cli..").check(product);
    }

    /** A face crop is encoded as a picture; the face pipeline writes no video. */
    @Test
    void theFacePipelineKnowsNothingOfVideoOutput() {
        noClasses().that().resideInAnyPackage("facerec.face..", "facerec.dlib..", "facerec.store..").should()
                .dependOnClassesThat().haveFullyQualifiedName("facerec.video.VideoWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("facerec.video.VideoJoin")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("facerec.video.VideoReader")
                .check(product);
    }

    @Test
    void onlyTheCommandsUsePicocliAndNothingHereSpark() {
        noClasses().that().resideOutsideOfPackages("facerec.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("picocli..").check(product);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..")
                .check(product);
    }
}
