import { describe, expect, it } from 'vitest';
import { type CalendarDate, taipeiDateOf, toIsoDate } from '../src/domain/calendar.js';
import { demoOn, demoWindows } from '../src/modules/demo/demo.data.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

/** "2027/2/3 23:59": how the page shows an instant (Taipei time, no seconds). */
const shown = (d: CalendarDate, time: string) => `${d.year}/${d.month}/${d.day} ${time}`;
const addDays = (d: CalendarDate, days: number) =>
  taipeiDateOf(new Date(new Date(`${toIsoDate(d)}T12:00:00+08:00`).getTime() + days * 86_400_000));

describe.skipIf(!chromiumAvailable)('browser: 教務處 sees and changes the windows of the term', async () => {
  const { signIn, base } = await demoSchoolInBrowser();
  // The demo is generated for today: its current term and windows follow the clock.
  const today = taipeiDateOf(new Date());
  const demo = demoOn(today);
  const windows = demoWindows(demo.term, today);

  it('shows the current dates, changes only the close, and lists school and student extensions with who and why', async () => {
    const office = await signIn('demo-academic');
    await office.getByTestId('home-welcome').waitFor();
    await office.getByRole('link', { name: '各項期間' }).first().click();
    const table = office.getByTestId('windows-table');
    await table.waitFor();

    // The current term's windows and the year's, with their dates as the demo set them.
    const upload = table.getByTestId('window-row-upload');
    const uploadCloses = taipeiDateOf(windows.upload.closesAt);
    await upload
      .getByTestId('window-opens')
      .getByText(shown(taipeiDateOf(windows.upload.opensAt), '00:00'))
      .waitFor();
    await upload.getByTestId('window-closes').getByText(shown(uploadCloses, '23:59')).waitFor();
    await upload.getByText('進行中').waitFor();
    for (const kind of ['certification', 'performance', 'selection'])
      await table.getByTestId(`window-row-${kind}`).waitFor();
    await table.getByTestId('window-row-performance').getByText('由其他處室設定').waitFor();

    // One date changes without retyping the other.
    const later = addDays(uploadCloses, 3);
    await upload.getByTestId('window-change').click();
    const dialog = office.getByRole('dialog');
    await dialog.getByTestId('change-closes').fill(`${toIsoDate(later)}T23:59`);
    await dialog.getByTestId('change-save').click();
    await dialog.waitFor({ state: 'detached' });
    await upload.getByTestId('window-closes').getByText(shown(later, '23:59')).waitFor();
    await upload
      .getByTestId('window-opens')
      .getByText(shown(taipeiDateOf(windows.upload.opensAt), '00:00'))
      .waitFor();

    // The extension card says whom it extends for.
    const card = office.getByTestId('extend-card');
    await card.getByTestId('extend-title').getByText('延長期間（全校）').waitFor();
    await card.getByTestId('extend-window').click();
    await office.getByRole('option', { name: /學生上傳課程學習成果/ }).click();
    await card.getByTestId('extend-closes').fill(`${toIsoDate(addDays(later, 2))}T23:59`);
    await card.getByTestId('extend-reason').fill('颱風停課');
    await card.getByTestId('extend-save').click();
    await card.getByText('已儲存').waitFor();

    await card.getByText('個別學生').click();
    await card.getByTestId('extend-title').getByText('延長期間（個別學生）').waitFor();
    expect(await card.getByTestId('extend-title').getByText('全校').count()).toBe(0);
    const studentNo = demo.studentNo('g11', 1);
    await card.getByTestId('extend-student-no').fill(studentNo);
    await card.getByTestId('extend-closes').fill(`${toIsoDate(addDays(later, 7))}T23:59`);
    await card.getByTestId('extend-reason').fill('住院');
    await card.getByTestId('extend-save').click();

    const rows = office.getByTestId('extensions-table').getByTestId('extension-row');
    const student = rows.filter({ hasText: '住院' });
    await student.getByText(studentNo, { exact: false }).waitFor();
    await student.getByText(shown(addDays(later, 7), '23:59')).waitFor();
    const school = rows.filter({ hasText: '颱風停課' });
    await school.getByText('全校').waitFor();
    expect(await rows.count()).toBe(2);
    // Who granted them: the office's own name, as /me says.
    const me = await (await office.request.get(`${base()}/api/v1/me`)).json();
    await student.getByText(me.user.displayName).waitFor();
    // The school-wide extension moves the close after extensions.
    await upload
      .getByTestId('window-effective')
      .getByText(shown(addDays(later, 2), '23:59'))
      .waitFor();
    await office.screenshot({ path: '/tmp/windows-page.png', fullPage: true });
  });
});
