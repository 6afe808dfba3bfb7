/** The check form: parsing what was posted and grouping the pack's indicators for display. */
import type { LevelNumber, ResolvedPack } from '../../../core/policy/index.js';
import { openToValues, type OpenTo } from '../../../core/threshold/index.js';
import type { CheckRequest } from '../../use-cases/threshold-check-use-cases.js';
import { field, fields, type FormBody, type PageError } from './form-values.js';

export interface IndicatorGroup {
  id: string;
  heading: string;
  subHeading: string | null;
  items: {
    value: string;
    text: string;
    level: LevelNumber;
    checked: boolean;
    uncertain: boolean;
    searchText: string;
  }[];
}

/** Group indicators by domain and sub-domain, keeping catalogue order; filter by a search text. */
export function indicatorGroups(
  pack: ResolvedPack,
  query: string,
  selected: ReadonlySet<string>,
): IndicatorGroup[] {
  const q = query.trim().toLowerCase();
  const groups: IndicatorGroup[] = [];
  for (const domain of pack.domains) {
    const subs: { id: string | null; name: string | null }[] = [
      ...domain.subDomains.map((s) => ({ id: s.id, name: s.name })),
      { id: null, name: null },
    ];
    for (const sub of subs) {
      const items = pack.indicators
        .filter((i) => i.domain === domain.id && (i.subDomain ?? null) === sub.id)
        .map((i) => ({
          value: i.id,
          text: i.text,
          level: i.level,
          checked: selected.has(i.id),
          uncertain: i.uncertain === true,
          searchText: `${i.text} ${domain.name} ${sub.name ?? ''}`.toLowerCase(),
        }))
        .filter((i) => q === '' || i.searchText.includes(q) || i.checked);
      if (items.length > 0) {
        groups.push({
          id: `${domain.id}${sub.id !== null ? `--${sub.id}` : ''}`,
          heading: domain.name,
          subHeading: sub.name,
          items,
        });
      }
    }
  }
  return groups;
}

export interface CheckFormValues {
  immediateDanger: string;
  ageYears: string;
  unborn: boolean;
  disabled: boolean;
  openTo: string;
  indicators: string[];
  filter: string;
}

export function readCheckForm(form: FormBody): CheckFormValues {
  return {
    immediateDanger: field(form, 'immediateDanger'),
    ageYears: field(form, 'ageYears'),
    unborn: field(form, 'unborn') === 'yes',
    disabled: field(form, 'disabled') === 'yes',
    openTo: field(form, 'openTo'),
    indicators: fields(form, 'indicators'),
    filter: field(form, 'filter'),
  };
}

/** Validate the form; returns the request or the GOV.UK errors, each linking to its field. */
export function validateCheckForm(
  packId: string,
  v: CheckFormValues,
): { request: CheckRequest } | { errors: PageError[] } {
  const errors: PageError[] = [];
  if (v.immediateDanger !== 'yes' && v.immediateDanger !== 'no') {
    errors.push({
      text: 'Select yes if the child is in immediate danger now',
      href: '#immediateDanger',
    });
  }
  let age: number | undefined;
  if (v.ageYears !== '') {
    if (!/^\d{1,3}$/.test(v.ageYears) || Number(v.ageYears) > 120) {
      errors.push({ text: 'Age must be a whole number of years, like 7', href: '#ageYears' });
    } else age = Number(v.ageYears);
  }
  if (v.unborn && age !== undefined)
    errors.push({ text: 'Leave the age empty for an unborn child', href: '#ageYears' });
  const openTo = v.openTo === '' ? 'none' : v.openTo;
  if (!(openToValues as readonly string[]).includes(openTo)) {
    errors.push({ text: 'Select whether the child is already open to a service', href: '#openTo' });
  }
  if (errors.length > 0) return { errors };
  return {
    request: {
      pack: packId,
      indicators: v.indicators,
      ageYears: age,
      unborn: v.unborn,
      disabled: v.disabled,
      immediateDanger: v.immediateDanger === 'yes',
      openTo: openTo as OpenTo,
    },
  };
}
