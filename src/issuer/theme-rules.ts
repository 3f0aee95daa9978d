import { isThemeColour, isThemePixelSize } from '../cce/issuer-rules';
import type { FieldProblem } from '../users/user-errors';

export interface ThemeSetting {
  readonly name: string;
  readonly value: string;
}

/** The contract leaves theme names open; these forms are its examples' (backgroundColor, titleFontSize...). */
const NAME = /^[A-Za-z][A-Za-z0-9]{0,49}$/;
export const MAX_THEME_SETTINGS = 50;

/**
 * CCE's rules for preferredTheme, from its documented refusals: a `...Color` is a hex colour, a
 * `...FontSize` is in pixels (e.g. 15px), a `...FontType` is not empty. Checked before CCE is called,
 * naming the setting's position, never echoing its value.
 */
export function themeProblems(settings: readonly ThemeSetting[], path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (settings.length > MAX_THEME_SETTINGS) {
    problems.push({ path, message: `at most ${MAX_THEME_SETTINGS} settings` });
  }
  const seen = new Set<string>();
  settings.forEach(({ name, value }, index) => {
    const at = `${path}.${index}`;
    if (!NAME.test(name))
      problems.push({ path: `${at}.name`, message: 'must be a letter then up to 49 letters or digits' });
    else if (seen.has(name)) problems.push({ path: `${at}.name`, message: 'is given twice' });
    seen.add(name);
    if (name.endsWith('Color') && !isThemeColour(value)) {
      problems.push({ path: `${at}.value`, message: 'a colour must be a hex code such as #FFFFFF' });
    } else if (name.endsWith('FontSize') && !isThemePixelSize(value)) {
      problems.push({ path: `${at}.value`, message: 'a font size must be in pixels, such as 15px' });
    } else if (value.trim().length === 0) {
      problems.push({ path: `${at}.value`, message: 'must not be blank' });
    }
  });
  return problems;
}
