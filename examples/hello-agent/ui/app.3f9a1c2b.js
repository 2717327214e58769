// The example UI: reads ui-config.json to learn where the runtime's REST API lives, calls the
// agent through it, and routes between two views on the client so deep links (/ui/about) work.
// The file name carries a fingerprint, so the runtime serves it as immutable for a year: a
// real build tool gives each new content a new name; rename this file if you change it.

const views = {
  '': renderHome,
  about: renderAbout,
};

let config;

async function start() {
  const status = document.getElementById('status');
  try {
    // ui-config.json sits next to the ui/ folder: {BASE_PATH}/ui-config.json.
    const response = await fetch(new URL('../ui-config.json', document.baseURI));
    if (!response.ok) throw new Error(`ui-config.json answered ${response.status}`);
    config = await response.json();
    const restBase = config.restBase || '/';
    status.textContent = `${config.name} ${config.version} (${config.mode}), API at ${restBase}`;
  } catch (error) {
    status.textContent = `Could not read ui-config.json: ${error.message}`;
    status.classList.add('error');
    return;
  }
  document.addEventListener('click', followLink);
  window.addEventListener('popstate', render);
  await render();
}

/** Keeps navigation between views inside the page (no reload). */
function followLink(event) {
  const link = event.target.closest('a[data-route]');
  if (link === null) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  void render();
}

/** The view for the current URL, relative to the UI's base ('' or 'about'). */
function currentRoute() {
  const path = location.pathname;
  const route = path.startsWith(config.uiBase) ? path.slice(config.uiBase.length) : '';
  return route.replace(/\/$/, '');
}

async function render() {
  const view = document.getElementById('view');
  const renderView = views[currentRoute()] ?? renderNotFound;
  view.replaceChildren(...(await renderView()));
}

async function renderHome() {
  const heading = element('h2', 'Talk to the agent');
  const ping = card('GET ' + `${config.apiBase}/ping`, 'ping-result');
  const echo = card('POST ' + (config.invokeUrl ?? '(no invoke route)'), 'invoke-result');
  void fillFrom(ping, () => callJson(`${config.apiBase}/ping`));
  if (config.invokeUrl !== null) {
    void fillFrom(echo, () =>
      callJson(config.invokeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { message: 'hello from the UI' } }),
      })
    );
  }
  return [heading, ping, echo];
}

function renderAbout() {
  return [
    element('h2', 'About this agent'),
    element(
      'p',
      `${config.name} echoes what it is given. This view is rendered by the page itself: ` +
        'the runtime answered the deep link with the index, and the script picked the view.'
    ),
  ];
}

function renderNotFound() {
  return [element('h2', 'Nothing here'), element('p', `No view for "${currentRoute()}".`)];
}

async function callJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function fillFrom(cardElement, load) {
  const answer = cardElement.querySelector('.answer');
  try {
    answer.textContent = JSON.stringify(await load(), null, 2);
    answer.dataset.state = 'done';
  } catch (error) {
    answer.textContent = error.message;
    answer.classList.add('error');
    answer.dataset.state = 'failed';
  }
}

function card(title, answerId) {
  const section = element('section');
  section.className = 'card';
  const answer = element('div', '...');
  answer.className = 'answer';
  answer.id = answerId;
  section.append(element('h3', title), answer);
  return section;
}

function element(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

void start();
