/** 志愿服务: the module's public face. Hours stay here; points for confirmed hours go to the points module. */
export { volunteeringRoutes } from './volunteering.routes.ts';
