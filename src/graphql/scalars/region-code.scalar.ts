import { InvalidRegionCodeError, parseRegionCode } from '../../domain/region-code';
import { domainStringScalar } from './refusal';

export const RegionCodeScalar = domainStringScalar({
  name: 'RegionCode',
  description:
    'Statistical division code (统计用区划代码), 12 digits: province 2, city 2, county 2, township 3, village 3, ' +
    'e.g. 520524100201. Input also accepts a 6-digit county or 9-digit township code, padded with zeros.',
  parse: parseRegionCode,
  refusal: InvalidRegionCodeError,
});
