package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.JobControl;
import dev.aiusage.jobs.JobOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunExitCodeTest {

    private final StringWriter err = new StringWriter();

    @Test
    void aCtrlCThatCameAfterTheLastReceiptEndsTheRunAsComplete() {
        int code = RunCommand.exitCode(outcome(JobControl.Stop.INTERRUPT, 0, 0, 0), null, new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCode.OK);
        assertThat(err.toString()).contains("came after the last receipt: the job is complete");
    }

    @Test
    void aCompleteRunWithFailuresStillSaysSoAfterALateStop() {
        assertThat(RunCommand.exitCode(outcome(JobControl.Stop.TERMINATE, 1, 0, 0), null, new PrintWriter(err, true)))
                .isEqualTo(ExitCode.FAILURES);
    }

    @Test
    void aCtrlCWithReceiptsLeftIsAnInterruptedRun() {
        assertThat(RunCommand.exitCode(outcome(JobControl.Stop.INTERRUPT, 0, 2, 5), null, new PrintWriter(err, true)))
                .isEqualTo(ExitCode.INTERRUPTED);
        assertThat(err.toString()).contains("5 receipts not started, 2 cancelled in flight");
    }

    private static JobOutcome outcome(JobControl.Stop stop, int failed, int cancelled, int notStarted) {
        return new JobOutcome("job-a", 3, failed, 0, 0, 0, 0, 0, cancelled, notStarted, 1, Duration.ofSeconds(1),
                Path.of("results.jsonl"), stop);
    }
}
