/** How reports print values (reference §11.9): prices with 8 decimals and " USD", PnL signed with 2. */

export const NA = "N/A";

export const formatPrice = (value: number | null | undefined): string => (value == null ? NA : `${value.toFixed(8)} USD`);

export const formatPnl = (value: number | null | undefined): string =>
  value == null ? NA : `${value > 0 ? "+" : ""}${value.toFixed(2)}%`;

export const formatPercent = (value: number | null | undefined, digits = 2): string => (value == null ? NA : `${value.toFixed(digits)}%`);

export const formatNumber = (value: number | null | undefined, digits = 3): string => (value == null ? NA : value.toFixed(digits));

export const formatTime = (time: number | null | undefined): string => (time == null ? NA : new Date(time).toISOString());

export const formatMinutes = (ms: number | null | undefined): string => (ms == null ? NA : String(Math.round(ms / 60_000)));

/** A duration as "3d 4h 5m" (minutes rounded). */
export const formatDuration = (ms: number | null | undefined): string => {
  if (ms == null) return NA;
  const total = Math.round(ms / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  return [days > 0 ? `${days}d` : "", hours > 0 ? `${hours}h` : "", `${minutes}m`].filter(Boolean).join(" ");
};

export const formatMoney = (value: number | null | undefined): string => (value == null ? NA : value.toFixed(2));
