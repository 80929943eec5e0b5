import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Why a mutation did not do what was asked (操作未执行的原因), naming the input field, with a stable code.' })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "department"].' })
  field!: string[];

  @Field({ description: 'Stable machine-readable code, e.g. UNKNOWN_DEPARTMENT.' })
  code!: string;

  @Field({ description: 'What is wrong, in English.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'What is wrong, in Chinese (中文说明).' })
  messageZh!: string | null;
}
