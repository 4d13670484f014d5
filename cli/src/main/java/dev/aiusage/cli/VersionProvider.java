package dev.aiusage.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (or "development" when run from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"aiusage " + (version != null ? version : "development") + " (Java "
                + Runtime.version() + ")"};
    }
}
