import { join } from 'node:path';
import { sharedData } from '../evidenceFolders';

/** The public samples of each evidence type, read in place (see each folder's SOURCE.txt). */
export const samples = {
  vpcDocs: join(sharedData, 'vpc-flow-logs-samples/aws-docs-examples'),
  vpcElastic: join(sharedData, 'vpc-flow-logs-samples/elastic-tests'),
  vpc: join(sharedData, 'vpc-flow-logs-samples'),
  route53: join(sharedData, 'route53-resolver-query-logs-elastic'),
  guardDuty: join(sharedData, 'guardduty-findings-samples'),
  accessLogs: join(sharedData, 's3-access-and-elb-logs-elastic'),
  lambdaEvents: join(sharedData, 'lambda-event-samples-dynamodb-streams-cwl'),
};
