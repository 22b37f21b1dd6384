/** The rows of a CSV export (no quoted commas in the cells read), each as `{ column: value }`. */
export function csvRows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\r\n');
  const names = head!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}
