package dev.aiusage.record;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import java.nio.file.Path;

/** A child JVM for {@link SigkillTest}: records forever, printing how many events flush() acknowledged. */
public final class KillChild {

    private KillChild() {}

    public static void main(String[] args) {
        Recorder recorder = Recorder.toLedger(Ledger.open(Path.of(args[0])));
        long acked = 0;
        while (true) {
            for (int i = 0; i < 50; i++) {
                recorder.record(UsageEvent.builder("openai", ApiKind.CHAT).tokens(TokenBuckets.of(1, 1)).build());
            }
            recorder.flush();
            acked += 50;
            System.out.println("acked " + acked);
            System.out.flush();
        }
    }
}
