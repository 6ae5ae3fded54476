export { SimulatedDisk, ProcessCrashed, type DiskCall, type DiskOp, type FaultPlan, type SimulatedDiskOptions } from "./simulated-disk.js";
export { seededRandom, seededWords } from "./seeded-random.js";
