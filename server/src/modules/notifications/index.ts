export { notificationsRoutes } from './notifications.routes.ts';
export { LogOutboundChannel, registerOutboundTimer, type OutboundChannel, type OutboundNotice } from './outbound.ts';
