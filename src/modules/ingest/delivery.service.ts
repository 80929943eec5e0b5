import type { PrismaClient } from '../../generated/prisma/client';
import type { Loaders } from '../../graphql/context';
import { badUserInput, forbidden } from '../../graphql/errors';
import { keysetWindow, toPage, type Page, type PageArgs } from '../../graphql/relay/connection';
import { toNode } from '../../graphql/relay/node';
import { UserError } from '../../graphql/user-error.type';
import type { IngestRecords } from './ingest-records';
import { DeliveryRefused, IngestService } from './ingest.service';
import { Delivery, IngestPayload, RejectedRecord } from './ingest.type';
import type { Viewer } from '../auth/access';

/** The GraphQL face of deliveries: the ingest mutation's payload and the delivery log. */
export class DeliveryService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly ingestService: IngestService,
    private readonly viewer: Viewer,
  ) {}

  async ingest(input: IngestRecords & { department: string; sourceSystem?: string | null }): Promise<IngestPayload> {
    const department = input.department.trim().toUpperCase();
    if (department !== this.viewer.departmentCode) {
      throw forbidden(`input.department: your key writes for ${this.viewer.departmentCode ?? 'no department'}, not ${department}`);
    }
    try {
      const outcome = await this.ingestService.ingest(input.department, input.sourceSystem, input);
      return Object.assign(new IngestPayload(), {
        delivery: await this.loaders.deliveryById.load(outcome.deliveryId),
        accepted: outcome.accepted,
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        rejected: outcome.rejected.map((rejection) => Object.assign(new RejectedRecord(), rejection)),
        identityReviewIds: outcome.identityReviewIds,
        findingIds: outcome.findingIds,
        userErrors: [],
      });
    } catch (error) {
      if (!(error instanceof DeliveryRefused)) throw error;
      return Object.assign(new IngestPayload(), {
        delivery: null,
        accepted: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: [],
        identityReviewIds: [],
        findingIds: [],
        userErrors: [Object.assign(new UserError(), error.problem)],
      });
    }
  }

  async list(departmentCode: string | null, page: PageArgs): Promise<Page<Delivery>> {
    const window = keysetWindow(page);
    if (this.viewer.role === 'DEPARTMENT') {
      if (departmentCode !== null && departmentCode.trim().toUpperCase() !== this.viewer.departmentCode) {
        throw forbidden(`department: your key reads the deliveries of ${this.viewer.departmentCode} only`);
      }
      departmentCode = this.viewer.departmentCode;
    }
    let departmentId: number | undefined;
    if (departmentCode !== null) {
      const department = await this.loaders.departmentByCode.load(departmentCode.trim().toUpperCase());
      if (!department) throw badUserInput('department', `no department with code "${departmentCode}"`);
      departmentId = department.id;
    }
    const where = departmentId === undefined ? {} : { departmentId };
    const [rows, totalCount] = await Promise.all([
      this.prisma.delivery.findMany({ where: window.afterKey === null ? where : { ...where, id: { gt: window.afterKey } }, orderBy: { id: 'asc' }, take: window.take }),
      this.prisma.delivery.count({ where }),
    ]);
    return toPage(rows, window, totalCount, (row) => row.id, (row) => toNode(Delivery, row));
  }

  async rejections(deliveryId: number, page: PageArgs): Promise<Page<RejectedRecord>> {
    const window = keysetWindow(page);
    const where = { deliveryId };
    const [rows, totalCount] = await Promise.all([
      this.prisma.deliveryRejection.findMany({ where: window.afterKey === null ? where : { ...where, id: { gt: window.afterKey } }, orderBy: { id: 'asc' }, take: window.take }),
      this.prisma.deliveryRejection.count({ where }),
    ]);
    return toPage(rows, window, totalCount, (row) => row.id, (row) => Object.assign(new RejectedRecord(), row));
  }
}
