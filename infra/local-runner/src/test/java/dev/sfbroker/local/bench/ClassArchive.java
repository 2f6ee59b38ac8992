package dev.sfbroker.local.bench;

import java.nio.file.Path;

/**
 * A class archive the JVM reads at start, written at the exit of a training run of the same class path and work. Both
 * kinds require a class path of jars only: the JVM refuses to write or read them with a non-empty directory on it.
 */
enum ClassArchive {
    /** The JDK's AOT cache (JDK 24 and later): classes loaded and linked, and method profiles. */
    AOT("AOT cache", "-XX:AOTCacheOutput=", "-XX:AOTCache="),
    /** Application class data sharing: the classes loaded, parsed and verified. */
    CDS("AppCDS", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=");

    final String label;
    private final String write;
    private final String read;

    ClassArchive(String label, String write, String read) {
        this.label = label;
        this.write = write;
        this.read = read;
    }

    /** The JVM option of the training run, which writes the archive when the JVM exits. */
    String writeOption(Path file) {
        return write + file;
    }

    /** The JVM option of a run that starts from the archive. */
    String readOption(Path file) {
        return read + file;
    }
}
