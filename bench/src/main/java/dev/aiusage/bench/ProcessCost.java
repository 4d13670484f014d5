package dev.aiusage.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** What this JVM has spent so far: CPU time over all its threads, and time and count of garbage collections. */
record ProcessCost(double cpuMillis, long gcMillis, long collections) {

    static ProcessCost now() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcMillis = 0;
        long collections = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            collections += Math.max(0, gc.getCollectionCount());
        }
        return new ProcessCost(os.getProcessCpuTime() / 1e6, gcMillis, collections);
    }

    ProcessCost minus(ProcessCost earlier) {
        return new ProcessCost(cpuMillis - earlier.cpuMillis, gcMillis - earlier.gcMillis, collections - earlier.collections);
    }
}
