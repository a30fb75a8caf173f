import { render } from 'preact';
import { packUrl, packVersion } from 'virtual:rule-pack';

function App() {
  return (
    <main>
      <h1>惠民</h1>
      <p>规则版本 {packVersion}</p>
      <p>{packUrl}</p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
