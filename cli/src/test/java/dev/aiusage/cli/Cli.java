package dev.aiusage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real command line in-process, capturing what it prints. */
record Cli(int exitCode, String out, String err) {

    /** Runs with an empty environment, so a developer's own API keys never steer a test. */
    static Cli run(String... args) {
        return runWith(Map.of(), args);
    }

    static Cli runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        ((RunCommand) cmd.getSubcommands().get("run").getCommand()).environment = environment;
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
