/** Placeholder until the app lands. */
export function App() {
  return (
    <main>
      <h1>Navbat kiosk</h1>
    </main>
  );
}
