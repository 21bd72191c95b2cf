// Ivy's Subaccount: a merchant's grouping for reconciliation; orders may be booked on one.
import { z } from '@hono/zod-openapi'

export const Subaccount = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    legalName: z.string(),
    mcc: z.string(),
    ownerId: z.string().openapi({ description: "The owning merchant's id." }),
    status: z.enum(['active', 'inactive']),
    updatedAt: z.string(),
    websiteUrl: z.string().optional(),
  })
  .openapi('Subaccount')
export type Subaccount = z.infer<typeof Subaccount>

export const CreateSubaccountBody = z
  .object({
    legalName: z.string().trim().min(1).max(200).openapi({ example: 'Acme Books GmbH' }),
    mcc: z.string().regex(/^\d{4}$/, 'must be a 4-digit merchant category code').openapi({ example: '7321' }),
    websiteUrl: z.url().max(2000).optional().openapi({ example: 'https://books.example' }),
  })
  .openapi('SubaccountCreateRequest')
export type CreateSubaccountBody = z.infer<typeof CreateSubaccountBody>

export const RetrieveSubaccountBody = z.object({ id: z.string().min(1) }).openapi('SubaccountRetrieveRequest')
