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

    static final String HELP_FOOTER = """

            Exit codes:
              0  success
              1  finished, but some receipts of the job failed, in this run or an earlier one
                 (see results.jsonl)
              2  usage error (bad option, missing path, empty folder, unusable ledger):
                 nothing was done
              3  could not finish or record the work (I/O or ledger error)""";

    private ExitCode() {}
}
