import { describe, expect, it } from 'vitest';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: 教務處 reads who saw a student', async () => {
  const { signIn, base } = await demoSchoolInBrowser();

  it('a homeroom teacher opens a student; 教務處 finds it in 稽核紀錄 by 學號, in words', async () => {
    const homeroom = await signIn('demo-homeroom');
    await homeroom.getByTestId('home-welcome').waitFor();
    const me = await homeroom.request.get(`${base()}/api/v1/classes`);
    const [cls] = await me.json();
    const roster = await (await homeroom.request.get(`${base()}/api/v1/classes/${cls.id}/roster`)).json();
    const student = roster.students[0];
    await homeroom.goto(`${base()}/students/${student.id}`);
    await homeroom.getByText(student.studentNo).first().waitFor();

    const office = await signIn('demo-academic');
    await office.getByTestId('home-welcome').waitFor();
    await office.getByRole('link', { name: '稽核紀錄' }).first().click();
    await office.getByRole('heading', { name: '稽核紀錄' }).waitFor();
    await office.getByLabel('學生（學號）').fill(student.studentNo);
    await office.getByRole('button', { name: '查詢' }).click();
    await office.getByText('檢視學生基本資料與修課紀錄').first().waitFor();
    await office.getByText('檢視班級名冊').first().waitFor();
    expect(await office.getByText('read.student_record').count()).toBe(0);
    await office.screenshot({ path: '/tmp/audit-page.png', fullPage: true });
  });
});
