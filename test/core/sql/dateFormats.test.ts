import assert from 'node:assert/strict';
import { DateFormatError, jodaToStrftime, mysqlToStrftime } from '../../../src/core/sql/dateFormats';

describe('core/sql date formats', () => {
  it('converts MySQL specifiers (Trino date_format, date_parse) to strftime/strptime', () => {
    assert.equal(mysqlToStrftime('%Y/%m/%d', 'format'), '%Y/%m/%d');
    assert.equal(mysqlToStrftime('%Y-%m-%d %H:%i:%s.%f', 'format'), '%Y-%m-%d %H:%M:%S.%f');
    assert.equal(mysqlToStrftime('%e %M %Y, %l%p %%', 'format'), '%-d %B %Y, %-I%p %%');
    assert.equal(mysqlToStrftime('%e/%c %k', 'parse'), '%d/%m %H');
    assert.equal(mysqlToStrftime('%T %r', 'format'), '%H:%M:%S %I:%M:%S %p');
  });

  it('refuses specifiers it does not know instead of guessing', () => {
    assert.throws(() => mysqlToStrftime('%D', 'format'), DateFormatError);
    assert.throws(() => mysqlToStrftime('50%', 'format'), /lone %/);
  });

  it('converts Joda-Time patterns (Trino format_datetime, parse_datetime)', () => {
    assert.equal(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'format'), '%Y-%m-%dT%H:%M:%S.%g%z');
    assert.equal(jodaToStrftime('EEE, d MMM yyyy h:mm a', 'format'), '%a, %-d %b %Y %-I:%M %p');
    assert.equal(jodaToStrftime('EEEE MMMM yy', 'format'), '%A %B %y');
    assert.equal(jodaToStrftime("d/M/yyyy 'at' H 'o''clock' 100%", 'parse'), "%d/%m/%Y at %H o'clock 100%%");
    assert.throws(() => jodaToStrftime('G yyyy', 'format'), /letter G/);
    assert.throws(() => jodaToStrftime("yyyy 'open", 'format'), /not closed/);
  });
});
