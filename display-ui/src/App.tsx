/** Placeholder until the app lands. */
export function App() {
  return (
    <main>
      <h1>Navbat display</h1>
    </main>
  );
}
