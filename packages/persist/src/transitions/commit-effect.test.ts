import { createPersistence } from "../persistence.js";
import { SimulatedDisk } from "../testing/simulated-disk.js";
import { describeCommitEffects } from "./commit-effect.fixture.js";

describeCommitEffects("file store", async () => {
  const persistence = createPersistence({ baseDir: "/data", fs: new SimulatedDisk(), onCorrupt: () => undefined });
  return {
    async commitEffect(effect) {
      const record = await persistence.commitEffect(effect);
      await persistence.acknowledge(record, record.seq);
      return record.events;
    },
    readSnapshot: (scope) => persistence.readSnapshot(scope),
  };
});
