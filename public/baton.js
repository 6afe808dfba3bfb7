// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();

// Live filter for the indicator list: hides non-matching indicators as you type.
// Without JavaScript the "Filter indicators" button does the same on the server.
const filter = document.querySelector('[data-indicator-filter]');
if (filter) {
  const items = Array.from(document.querySelectorAll('[data-indicator-list] .govuk-checkboxes__item'));
  for (const item of items) item.dataset.indicatorText = item.textContent.toLowerCase();
  const groups = Array.from(document.querySelectorAll('[data-indicator-group]'));
  const status = document.querySelector('[data-filter-status]');
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const item of items) {
      const match = q === '' || item.dataset.indicatorText.includes(q) || item.querySelector('input:checked') !== null;
      item.classList.toggle('baton-hidden', !match);
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.classList.toggle('baton-hidden', group.querySelector('[data-indicator-text]:not(.baton-hidden)') === null);
    }
    if (status) status.textContent = q === '' ? '' : `${shown} indicators shown`;
  };
  filter.addEventListener('input', apply);
}

// Print button, shown only where JavaScript can print.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
