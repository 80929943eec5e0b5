import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RegionLevel } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level of a statistical division (行政区划级别).',
  valuesConfig: {
    PROVINCE: { description: '省' },
    CITY: { description: '市（州）' },
    COUNTY: { description: '县（区）' },
    TOWNSHIP: { description: '乡镇（街道）' },
    VILLAGE: { description: '村（社区）' },
  },
});

@ObjectType({
  implements: Node,
  description: 'A statistical division (行政区划): county 县 → township 乡镇 → village 村, identified by its 12-digit code.',
})
export class Region extends Node {
  static readonly typename = 'Region';

  get nodeKey() {
    return this.code;
  }

  @Field(() => RegionCodeScalar, { description: '12-digit division code (区划代码).' })
  code!: string;

  @Field({ description: 'Chinese name, e.g. 五星村.' })
  name!: string;

  @Field(() => RegionLevel, { description: 'Province, city, county, township or village.' })
  level!: RegionLevel;

  parentCode!: string | null;
}
