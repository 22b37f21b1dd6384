/** Placeholder until the operator console lands (issue 4). */
export function ConsoleApp() {
  return (
    <main>
      <h1>Navbat counter</h1>
    </main>
  );
}
