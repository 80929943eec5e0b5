import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Resolve an identity review by merging its records into one survivor (合并疑似重复); the others keep their history.' })
export class MergeIdentityReviewInput {
  @Field(() => ID, { description: 'Global ID of the identity review (疑似重复).' })
  reviewId!: string;

  @Field(() => ID, {
    description:
      'Global ID of the record that survives (保留记录): one of the review’s households (户) to merge households, ' +
      'or one of its members (家庭成员) to merge persons.',
  })
  survivorId!: string;

  @Field({ description: 'Why the records are the same (合并理由).' })
  reason!: string;

  @Field({ description: 'Who decides (处理人), e.g. a name and office.' })
  resolvedBy!: string;
}

@InputType({ description: 'Resolve an identity review as not a duplicate (排除疑似重复), with a reason.' })
export class DismissIdentityReviewInput {
  @Field(() => ID, { description: 'Global ID of the identity review (疑似重复).' })
  reviewId!: string;

  @Field({ description: 'Why the records are different people or households (排除理由); must not be empty.' })
  reason!: string;

  @Field({ description: 'Who decides (处理人), e.g. a name and office.' })
  resolvedBy!: string;
}
