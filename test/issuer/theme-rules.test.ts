import fc from 'fast-check';
import { themeProblems } from '../../src/issuer/theme-rules';

describe("preferredTheme rules (CCE's documented refusals)", () => {
  it('accepts the contract example', () => {
    const example = {
      backgroundColor: '#FFFFFF',
      fontColor: '#000000',
      titleFontType: 'Mark Offc For MC',
      titleFontSize: '28px',
    };
    const settings = Object.entries(example).map(([name, value]) => ({ name, value }));

    expect(themeProblems(settings, 'theme')).toEqual([]);
  });

  it('refuses a colour that is not #RRGGBB, naming its position and never its value', () => {
    fc.assert(
      fc.property(
        fc.string().filter((value) => !/^#[0-9A-Fa-f]{6}$/.test(value)),
        (value) => {
          const problems = themeProblems([{ name: 'buttonColor', value }], 'theme');
          expect(problems).toEqual([{ path: 'theme.0.value', message: expect.any(String) }]);
          if (value.length > 2) expect(problems[0]!.message).not.toContain(value);
        },
      ),
    );
  });

  it('refuses font sizes outside pixels, blank values, bad and repeated names', () => {
    const problems = themeProblems(
      [
        { name: 'linkFontSize', value: '1.5em' },
        { name: 'titleFontType', value: '  ' },
        { name: '9lives', value: 'x' },
        { name: 'fontColor', value: '#000000' },
        { name: 'fontColor', value: '#111111' },
      ],
      'theme',
    );

    expect(problems.map((problem) => problem.path)).toEqual([
      'theme.0.value',
      'theme.1.value',
      'theme.2.name',
      'theme.4.name',
    ]);
  });
});
