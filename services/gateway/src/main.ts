import { runService } from '@refinery/server-kit';
import { gatewayService } from './gateway.service-definition.js';

runService(gatewayService);
