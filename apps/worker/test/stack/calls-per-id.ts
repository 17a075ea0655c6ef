/** How many times each id was named in a call to the simulator. */
export function callsPerId(
  calls: { ids: string[]; method: string }[],
  method?: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (method && call.method !== method) continue;
    for (const id of call.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
