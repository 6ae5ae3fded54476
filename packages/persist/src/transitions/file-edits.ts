import { type MilestoneData, type MilestoneFile, type RiskFile, type RiskPosition } from "@tickfold/core";
import { sortedLevels } from "@tickfold/core/internal";

/**
 * Edits of the files several changes share, as pure functions: the live path applies them to the
 * file it just read, recovery to its in-memory snapshot. Keys come out sorted, the codecs' normal
 * form, so equal content is equal JSON.
 */
export const withMilestones = (file: MilestoneFile, signalId: string, levels: MilestoneData | null): MilestoneFile => {
  const ids = [...new Set([...Object.keys(file), signalId])].sort();
  const entries = ids.flatMap((id) => {
    const value = id === signalId ? levels : file[id];
    return value === null || value === undefined ? [] : [[id, normalised(value)] as const];
  });
  // Signal ids are user input: fromEntries defines own properties, so even "__proto__" is kept.
  return Object.fromEntries(entries);
};

export const withRiskPosition = (file: RiskFile, key: string, position: RiskPosition | null): RiskFile => {
  const entries = new Map(file);
  if (position === null) entries.delete(key);
  else entries.set(key, position);
  return [...entries.keys()].sort().map((k) => [k, entries.get(k)!] as [string, RiskPosition]);
};

const normalised = (levels: MilestoneData): MilestoneData => ({
  profitLevels: sortedLevels(levels.profitLevels),
  lossLevels: sortedLevels(levels.lossLevels),
});
