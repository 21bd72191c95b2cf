/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Subaccounts: the legal entities the merchant takes orders for, newest first.
import type { MerchantRow } from '../../db/schema.js'
import type { Runtime } from '../../runtime.js'
import { listSubaccounts } from '../money-repo.js'
import { sandboxTime } from '../format.js'
import { CurlHint, Mono, Pager, pageWithin, StatusBadge, TableFrame } from '../ui.js'
import { MoneyTabs } from './money.js'

const PAGE_SIZE = 25

export function SubaccountsPage(props: { rt: Runtime; merchant: MerchantRow; skip: number; origin: string }) {
  const { rows, count, skip } = pageWithin(props.skip, PAGE_SIZE, (from) => listSubaccounts(props.rt.db, props.merchant.id, from, PAGE_SIZE))
  return (
    <>
      <div class="page-head">
        <h1>Subaccounts</h1>
        <p class="muted">The legal entities orders can be taken for (order/create's subaccountId), newest first.</p>
      </div>
      <MoneyTabs current="/subaccounts" />
      {count === 0 ? (
        <CurlHint
          lead={<strong>No subaccounts yet. Create one through the API and it shows up here:</strong>}
          command={`curl -s ${props.origin}/api/service/subaccount/create \\\n  -H 'X-Ivy-Api-Key: ${props.merchant.api_key}' -H 'Content-Type: application/json' \\\n  -d '{"legalName":"Example Shop GmbH","mcc":"7321"}'`}
        />
      ) : (
        <div class="card flush">
          <TableFrame label="Subaccounts">
            <table class="table">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Legal name</th>
                  <th>Status</th>
                  <th>MCC</th>
                  <th>Website</th>
                  <th>Id</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((sub) => (
                  <tr>
                    <td class="nowrap">{sandboxTime(sub.created_at)}</td>
                    <td class="strong">{sub.legal_name}</td>
                    <td>
                      <StatusBadge status={sub.status} />
                    </td>
                    <td>{sub.mcc}</td>
                    <td class="url">{sub.website_url ?? <span class="muted">—</span>}</td>
                    <td>
                      <Mono>{sub.id}</Mono>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <Pager skip={skip} shown={rows.length} count={count} size={PAGE_SIZE} href={(skip) => (skip > 0 ? `/subaccounts?skip=${skip}` : '/subaccounts')} />
        </div>
      )}
    </>
  )
}
