import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { ErrorSummary, Select, TextArea, TextInput } from "~/components/form";
import { attempt, formObject, load } from "~/lib/use-case.server";
import { AVATAR_MAX_BYTES } from "../../server/modules/members/members.schema";

export const meta: MetaFunction = () => [{ title: "Your profile – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.members.getProfileForEdit(context.caller)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { members } = context.services;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      // One part only, held in memory up to the limit; anything bigger is refused before it is read further.
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: AVATAR_MAX_BYTES }));
    } catch {
      return json({ ok: false as const, intent: "avatar", formError: "The picture must be smaller than 5 MB", fieldErrors: { avatar: "The picture must be smaller than 5 MB" } as Record<string, string>, values: {} as Record<string, string> }, { status: 422 });
    }
    const file = form.get("avatar");
    const bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : null;
    const result = await attempt(request, new FormData(), () => (form.get("intent") === "remove-avatar" ? members.removeAvatar(context.caller) : members.setAvatar(context.caller, { bytes })));
    return json({ ...result, intent: "avatar" }, { status: result.ok ? 200 : 422 });
  }
  const form = await request.formData();
  const values = { ...formObject(form), themeInterests: form.getAll("themeInterests").map(String) };
  const result = await attempt(request, form, () => members.updateProfile(context.caller, values));
  if (result.ok) return redirect(`/members/${result.data.handle}?saved=1`);
  return json({ ...result, intent: "profile" }, { status: 422 });
}

export default function EditProfile() {
  const { values, avatarUrl, places, themes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const profileFailure = result && !result.ok && result.intent === "profile" ? result : null;
  const avatarFailure = result && !result.ok && result.intent === "avatar" ? result : null;
  const v = { ...values, ...(profileFailure?.values ?? {}) };
  const chosenThemes = new Set(profileFailure ? [] : values.themeInterests);
  const currentAvatar = result?.ok && result.intent === "avatar" ? (result.data as { avatarUrl: string | null }).avatarUrl : avatarUrl;
  return (
    <>
      <h1 className="govuk-heading-xl">Your profile</h1>
      <p className="govuk-body">
        <Link to={`/members/${values.handle}`} className="govuk-link">
          See your profile as others see it
        </Link>
      </p>
      <ErrorSummary fieldErrors={profileFailure?.fieldErrors ?? avatarFailure?.fieldErrors} formError={profileFailure?.formError ?? avatarFailure?.formError} />

      <h2 className="govuk-heading-m">Picture</h2>
      <div className="tpc-profile-head">
        <Avatar url={currentAvatar} name={values.fullName} size={96} />
        {result?.ok && result.intent === "avatar" ? (
          <p className="govuk-body" role="status">
            Your picture has been updated.
          </p>
        ) : null}
      </div>
      <Form method="post" encType="multipart/form-data">
        <div className={`govuk-form-group${avatarFailure ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="avatar">
            Upload a picture
          </label>
          <div id="avatar-hint" className="govuk-hint">
            A PNG, JPEG, GIF or WebP image smaller than 5 MB. It is cropped to a square.
          </div>
          {avatarFailure ? (
            <p id="avatar-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {avatarFailure.fieldErrors.avatar ?? avatarFailure.formError}
            </p>
          ) : null}
          <input className="govuk-file-upload" id="avatar" name="avatar" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="avatar-hint" />
        </div>
        <button type="submit" name="intent" value="upload-avatar" className="govuk-button govuk-button--secondary">
          Upload picture
        </button>{" "}
        {currentAvatar ? (
          <button type="submit" name="intent" value="remove-avatar" className="govuk-button govuk-button--warning">
            Remove picture
          </button>
        ) : null}
      </Form>

      <h2 className="govuk-heading-m">About you</h2>
      <Form method="post">
        <TextInput name="fullName" label="Full name" defaultValue={v.fullName} error={profileFailure?.fieldErrors.fullName} autoComplete="name" />
        <TextInput name="jobTitle" label="Job title" defaultValue={v.jobTitle} error={profileFailure?.fieldErrors.jobTitle} />
        <TextInput name="organisation" label="Organisation" defaultValue={v.organisation} error={profileFailure?.fieldErrors.organisation} autoComplete="organization" />
        <Select name="place" label="Place" defaultValue={v.place} error={profileFailure?.fieldErrors.place} options={places.map((p) => ({ value: p, label: p }))} />
        <TextArea name="bio" label="About you" hint="A few lines about your work. You can use Markdown." defaultValue={v.bio} error={profileFailure?.fieldErrors.bio} rows={6} />
        <div className={`govuk-form-group${profileFailure?.fieldErrors.themeInterests ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset" aria-describedby="themes-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Themes you are interested in</legend>
            <div id="themes-hint" className="govuk-hint">
              Other members can find you by these.
            </div>
            {profileFailure?.fieldErrors.themeInterests ? <p className="govuk-error-message">{profileFailure.fieldErrors.themeInterests}</p> : null}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              {themes.map((t, i) => (
                <div className="govuk-checkboxes__item" key={t}>
                  <input className="govuk-checkboxes__input" id={i === 0 ? "themeInterests" : `themeInterests-${i}`} name="themeInterests" type="checkbox" value={t} defaultChecked={chosenThemes.has(t)} />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={i === 0 ? "themeInterests" : `themeInterests-${i}`}>
                    {t}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button">
          Save profile
        </button>
      </Form>
    </>
  );
}
