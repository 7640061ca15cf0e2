import { describeServiceWiring } from '@refinery/server-testing';
import { weakSupervisionService } from './weak-supervision.service-definition.js';

describeServiceWiring(weakSupervisionService);
