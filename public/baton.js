// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();

// Live filter for the indicator list: hides non-matching indicators as you type.
// Without JavaScript the "Filter indicators" button does the same on the server.
const filter = document.querySelector('[data-indicator-filter]');
if (filter) {
  const items = Array.from(
    document.querySelectorAll('[data-indicator-list] .govuk-checkboxes__item'),
  );
  // Match what the server's filter matches (the indicator, its domain and sub-domain), so the
  // list is the same with and without JavaScript.
  for (const item of items) {
    const input = item.querySelector('input');
    item.dataset.indicatorText = (input?.dataset.indicatorSearch ?? item.textContent).toLowerCase();
  }
  const groups = Array.from(document.querySelectorAll('[data-indicator-group]'));
  const status = document.querySelector('[data-filter-status]');
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const item of items) {
      const match =
        q === '' ||
        item.dataset.indicatorText.includes(q) ||
        item.querySelector('input:checked') !== null;
      item.classList.toggle('baton-hidden', !match);
      if (match) shown += 1;
    }
    // Hide empty groups, and show each domain's heading on the first group still shown.
    const headed = new Set();
    for (const group of groups) {
      const empty = group.querySelector('[data-indicator-text]:not(.baton-hidden)') === null;
      group.classList.toggle('baton-hidden', empty);
      const heading = group.querySelector('[data-indicator-domain]');
      if (heading && !empty) {
        heading.classList.toggle('baton-hidden', headed.has(heading.dataset.indicatorDomain));
        headed.add(heading.dataset.indicatorDomain);
      }
    }
    if (status) status.textContent = q === '' ? '' : `${shown} indicators shown`;
  };
  filter.addEventListener('input', apply);
}

// Print button, shown only where JavaScript can print; the words for printing without it go.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
for (const hint of document.querySelectorAll('[data-print-hint]')) hint.hidden = true;

// The contact's family page: each parent's "which children" boxes name the children as they are
// typed (a later child's blank last name is the first child's). Without JavaScript they read
// "Child 1", "Child 2", as numbered on the page, until the page is sent.
for (const given of document.querySelectorAll('[data-child-name]')) {
  const i = given.dataset.childName;
  const own = document.getElementById(`child${i}-familyName`);
  const first = document.getElementById('child0-familyName');
  const update = () => {
    const last = own?.value.trim() || first?.value.trim() || '';
    const name =
      given.value.trim() === '' ? `Child ${Number(i) + 1}` : `${given.value.trim()} ${last}`;
    for (const label of document.querySelectorAll(`[data-child-label="${i}"]`))
      label.textContent = name.trim();
  };
  for (const input of [given, own, first]) input?.addEventListener('input', update);
}
