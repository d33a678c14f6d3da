import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function action({ context }: ActionFunctionArgs) {
  const { cookie } = await context.services.auth.signOut(context.sessionId);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
