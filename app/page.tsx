export default function Home() {
  return <main>Incident Console</main>
}
