package dev.aiusage.cli;

/** The exit codes of every command, documented in each command's {@code --help}. */
final class ExitCode {

    /** Everything worked. */
    static final int OK = 0;
    /** The work ran but part of it failed: some receipts failed, or a check did not pass. */
    static final int FAILURES = 1;
    /** The command line or its configuration is wrong; nothing was done. */
    static final int USAGE = 2;
    /** The work could not be completed or recorded (I/O, the ledger): see the message. */
    static final int ERROR = 3;
    /** The job stopped at its spending limit (--max-cost); it can be resumed. */
    static final int BUDGET = 4;
    /** Stopped by Ctrl-C (SIGINT), as shells report it (128 + 2); the job can be resumed. */
    static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (128 + 15); the job can be resumed. */
    static final int TERMINATED = 143;

    private static final String COMMON_FOOTER = """

            Exit codes:
              0  success
              1  finished, but some receipts of the job failed, in this run or an earlier one
                 (see results.jsonl)
              2  usage error (bad option, missing path, empty folder, unusable ledger):
                 nothing was done
              3  could not finish or record the work (I/O or ledger error)""";

    static final String HELP_FOOTER = COMMON_FOOTER + """

            run also: 4 stopped at --max-cost, 130 stopped by Ctrl-C, 143 by SIGTERM""";

    static final String RUN_FOOTER = COMMON_FOOTER + """

              4  stopped at the spending limit (--max-cost); run the same --job to resume
            130  stopped by Ctrl-C (SIGINT); run the same --job to resume
            143  stopped by SIGTERM; run the same --job to resume""";

    private ExitCode() {}
}
