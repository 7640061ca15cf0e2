import { Schema } from 'mongoose';

/** One failed login (insert-only: concurrent counters lose increments on FerretDB). */
export interface LoginFailureDoc {
  _id: string;
  /** The e-mail tried, known or not (so unknown e-mails lock the same way). */
  key: string;
  at: Date;
}

export const LoginFailureSchema = new Schema<LoginFailureDoc>(
  {
    _id: String,
    key: { type: String, required: true, index: true },
    at: { type: Date, required: true },
  },
  { collection: 'login_failures', versionKey: false },
);
