import { Fields } from './components/Fields.js';

export function DbStatusView({ fields }: { fields: ReadonlyArray<readonly [string, string]> }) {
  return <Fields title="Holocron database" fields={fields} />;
}
