/** Placeholder until the supervisor dashboard lands (issue 6). */
export function SupervisorApp() {
  return (
    <main>
      <h1>Navbat supervisor</h1>
    </main>
  );
}
