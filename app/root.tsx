import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import govukCss from "govuk-frontend/dist/govuk/govuk-frontend.min.css?url";
import appCss from "./styles/app.css?url";
import { NotificationBell } from "./components/notification-bell";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: govukCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Total Place Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const me = context.caller;
  // "Since your last visit" follows signed-in activity (writes at most every 30 minutes). Signed-in pages
  // are never page-cached, so the bell's count can be read per request.
  const [unread] = me ? await Promise.all([context.services.notifications.unreadCount(me), context.services.home.touchVisit(me)]) : [0];
  return json({ me: me ? { handle: me.handle, fullName: me.fullName, role: me.role } : null, unread });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root") ?? { me: null, unread: 0 };
}

function Header() {
  const { me, unread } = useRootData();
  return (
    <header className="tpc-header" role="banner">
      <div className="govuk-width-container tpc-header__inner">
        <Link to="/" className="tpc-header__service">
          Total Place Community
        </Link>
        <nav aria-label="Main" className="tpc-header__nav">
          <ul className="tpc-header__list">
            <li>
              <NavLink to="/forums" className="tpc-header__link">
                Forums
              </NavLink>
            </li>
            <li>
              <NavLink to="/events" className="tpc-header__link">
                Events
              </NavLink>
            </li>
            <li>
              <NavLink to="/library" className="tpc-header__link">
                Library
              </NavLink>
            </li>
            <li>
              <NavLink to="/blogs" className="tpc-header__link">
                Blogs
              </NavLink>
            </li>
            <li>
              <NavLink to="/news" className="tpc-header__link">
                News
              </NavLink>
            </li>
            <li>
              <NavLink to="/members" className="tpc-header__link">
                Members
              </NavLink>
            </li>
          </ul>
        </nav>
        {/* ── Search ── */}
        <form method="get" action="/search" role="search" className="tpc-header__search">
          <label htmlFor="header-search" className="govuk-visually-hidden">
            Search the community
          </label>
          <input id="header-search" name="q" type="search" placeholder="Search" maxLength={200} />
          <button type="submit" className="tpc-header__button">
            Search
          </button>
        </form>
        <div className="tpc-header__account">
          {me ? (
            <>
              <NotificationBell initial={unread} />
              <span className="tpc-header__signed-in">
                Signed in as{" "}
                <Link to={`/members/${me.handle}`} className="tpc-header__link">
                  {me.fullName}
                </Link>
                {me.role !== "member" ? <span className="tpc-role"> ({me.role})</span> : null}
              </span>
              <Form method="post" action="/sign-out" className="tpc-inline-form">
                <button type="submit" className="tpc-header__button">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/sign-in" className="tpc-header__link">
                Sign in
              </Link>
              <Link to="/sign-up" className="tpc-header__link">
                Join the community
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        <Header />
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
            {children}
          </main>
        </div>
        <footer className="govuk-footer" role="contentinfo">
          <div className="govuk-width-container">
            <p className="govuk-body-s">Total Place Community – a community of practice for people who run and reform local public services.</p>
          </div>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : status === 403 ? "You cannot see this page" : status === 429 ? "Too many requests" : "Sorry, there is a problem with the service";
  // The router's own messages ("Error: No route matches URL …") are for developers, not readers.
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && !error.data.startsWith("Error: ") ? error.data : null;
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      {detail && status !== 500 ? <p className="govuk-body">{detail}.</p> : status === 404 ? <p className="govuk-body">If you typed the web address, check it is correct.</p> : <p className="govuk-body">Try again later.</p>}
      <p className="govuk-body">
        <Link to="/forums" className="govuk-link">
          Go to the forums
        </Link>
      </p>
    </>
  );
}
