export { SimulatedDisk, ProcessCrashed, type DiskCall, type DiskOp, type FaultPlan, type SimulatedDiskOptions } from "./simulated-disk.js";
