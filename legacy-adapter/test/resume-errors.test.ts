import t from 'tap';
import { MongoServerError } from 'mongodb';
import { isResumePointLost } from '#adapter/capture/resume-errors';

t.test('which change stream errors mean the resume point is gone', async (t) => {
  for (const code of [286, 260, 280]) t.ok(isResumePointLost(new MongoServerError({ message: 'x', code })), `code ${code}`);
  t.ok(isResumePointLost(new MongoServerError({ message: 'x', code: 1, errorLabels: ['NonResumableChangeStreamError'] })), 'the label');
  t.notOk(isResumePointLost(new MongoServerError({ message: 'x', code: 43 })), 'CursorNotFound resumes');
  t.notOk(isResumePointLost(new Error('socket hang up')), 'network errors resume');
  t.notOk(isResumePointLost(undefined));
});
