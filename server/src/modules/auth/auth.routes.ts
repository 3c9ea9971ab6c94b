import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../platform/auth/authenticate.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-token.ts';
import type { Deps } from '../../platform/context.ts';
import { changePasswordBodySchema, loginBodySchema, sessionSchema, smsLoginBodySchema, smsRequestBodySchema, totpCodeBodySchema, totpConfirmedSchema, totpEnrolmentSchema, totpSignInBodySchema, totpStatusSchema } from './auth.schemas.ts';
import * as totp from './totp.service.ts';
import * as auth from './auth.service.ts';
import * as totpReset from './totp-reset.service.ts';
import { totpEnrolmentsSchema, totpResetBodySchema, totpResetSchema } from './auth.schemas.ts';

export const authRoutes = (deps: Deps): FastifyPluginAsyncZod => async (app) => {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies };
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip ?? null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
  });

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '手机号+密码登录', body: loginBodySchema, response: { 200: sessionSchema } },
  }, async (req, reply) => {
    const { token, session } = await auth.signInWithPassword(deps, req.body.phone, req.body.password, client(req));
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return session;
  });

  app.post('/api/auth/sms/request', {
    schema: { tags: ['auth'], summary: '获取短信验证码', body: smsRequestBodySchema, response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.requestSmsCode(deps, req.body.phone, client(req));
    return reply.code(204).send(null);
  });

  app.post('/api/auth/sms/login', {
    schema: { tags: ['auth'], summary: '短信验证码登录', body: smsLoginBodySchema, response: { 200: sessionSchema } },
  }, async (req, reply) => {
    const { token, session } = await auth.signInWithSmsCode(deps, req.body.phone, req.body.code, client(req));
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return session;
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: '当前登录信息', response: { 200: sessionSchema } },
  }, async (req) => {
    const caller = requireCaller(req);
    return auth.sessionDto(deps, caller.personId, caller.csrfToken);
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: '退出登录', response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.signOut(deps, requireCaller(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.post('/api/auth/logout-all', {
    schema: { tags: ['auth'], summary: '在所有设备上退出', response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.signOutEverywhere(deps, requireCaller(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.post('/api/auth/totp', {
    schema: { tags: ['auth'], summary: '双因素认证：输入动态验证码完成登录', body: totpSignInBodySchema, response: { 200: sessionSchema } },
  }, async (req, reply) => {
    const { token, session } = await auth.signInWithTotp(deps, req.body.challenge, req.body.code, client(req));
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return session;
  });

  app.get('/api/me/totp', { schema: { tags: ['auth'], summary: '双因素认证状态', response: { 200: totpStatusSchema } } }, async (req) =>
    totp.totpStatus(deps, requireCaller(req)));
  app.post('/api/me/totp', { schema: { tags: ['auth'], summary: '开始绑定身份验证器（返回密钥与二维码内容，仅此一次）', response: { 200: totpEnrolmentSchema } } }, async (req) =>
    totp.startEnrolment(deps, requireCaller(req)));
  app.post('/api/me/totp/confirm', { schema: { tags: ['auth'], summary: '输入验证码确认绑定（返回恢复码，仅此一次）', body: totpCodeBodySchema, response: { 200: totpConfirmedSchema } } }, async (req) =>
    totp.confirmEnrolment(deps, requireCaller(req), req.body.code));
  app.post('/api/me/totp/disable', { schema: { tags: ['auth'], summary: '关闭双因素认证（须输入当前验证码）', body: totpCodeBodySchema, response: { 204: z.null() } } }, async (req, reply) => {
    await totp.disableTotp(deps, requireCaller(req), req.body.code);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/password', {
    schema: { tags: ['auth'], summary: '修改密码', body: changePasswordBodySchema, response: { 204: z.null() } },
  }, async (req, reply) => {
    await auth.changePassword(deps, requireCaller(req), req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send(null);
  });

  // 安全管理员: reset the authenticator of staff who lost theirs (totp-reset.service.ts).
  app.get('/api/security/totp-enrolments', { schema: { tags: ['auth'], summary: '已绑定身份验证器的人员（安全管理员）', response: { 200: totpEnrolmentsSchema } } }, async (req) =>
    totpReset.listEnrolments(deps, requireCaller(req)));
  app.post('/api/security/totp-resets', { schema: { tags: ['auth'], summary: '重置某人的双因素认证（安全管理员；须填原因；不能重置自己的）', body: totpResetBodySchema, response: { 200: totpResetSchema } } }, async (req) =>
    totpReset.resetTotp(deps, requireCaller(req), req.body.personId, req.body.reason));
};
