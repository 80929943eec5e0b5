import { InvalidIdNumberError, parseIdNumber } from '../../domain/id-number';
import { domainStringScalar } from './refusal';

export const IdNumberScalar = domainStringScalar({
  name: 'IdNumber',
  description:
    'Resident ID number (居民身份证号码, GB 11643-1999): 18 characters, the last a check character (0-9 or X). ' +
    'Input accepts old 15-digit numbers and converts them; a wrong check character is refused.',
  specifiedByURL: 'https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=080D6FBF2BB468F9007657F26D60013E',
  parse: (value) => parseIdNumber(value).idNumber,
  refusal: InvalidIdNumberError,
});
